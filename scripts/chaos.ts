import 'reflect-metadata';
import { ChildProcess, execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { accessTokensOf, deleteKeysWithPrefix, dropDatabase, ensureDatabase, generateSecrets, PlatformEnv, validateEnv } from '@hoi-thi/platform';

/**
 * npm run chaos: the four services as four processes on a database of their own, contestants answering and
 * submitting without pause, and faults injected one after another — each service SIGKILLed and restarted,
 * Redis FLUSHALL, Redis restarted, PostgreSQL restarted (fast shutdown). The load keeps its own log of every
 * acknowledged answer and submission; after each fault the checks prove that nothing acknowledged is missing
 * from PostgreSQL, no submission changed its score, the live board equals the one recomputed from PostgreSQL,
 * and in-progress attempts resume with their deadline unchanged.
 *
 * The contestants take the demo round, whose contest requires a province, a unit and a category (exam-session's
 * eligibility): each is a real `registration.users` row (province 01, ward 10101003, category other, unit
 * HN-BD-CB01), inserted in batches of one statement each, ahead of the load.
 *
 *   npm run chaos                       all faults
 *   npm run chaos -- --faults=kill-exam-session,flushall
 */

const BUILT = resolve(__dirname, '..');
const ROOT = process.cwd();
const ROUND_ID = 'd3e0a000-0000-4000-8000-000000000001'; // the demo round the seed publishes (open now)
const BASE_PORT = Number(process.env.CHAOS_PORT ?? 3510);
const CONTESTANTS = Number(process.env.CHAOS_CONTESTANTS ?? 40);
const SERVICES = ['registration', 'question-bank', 'exam-session', 'leaderboard'] as const;
/** The demo contest requires province, unit and category: the made-up contestants' profile (the seed's values). */
const PROFILE = { province: '01', ward: '10101003', category: 'other', unitCode: 'HN-BD-CB01' } as const;
/** Contestants registered before the load starts, and per top-up when fewer than IDENTITY_LOW are left. */
const IDENTITY_BATCH = Number(process.env.CHAOS_IDENTITIES ?? 3000);
const IDENTITY_LOW = Math.max(200, CONTESTANTS * 10);
type ServiceName = (typeof SERVICES)[number];
const port = (s: ServiceName) => BASE_PORT + SERVICES.indexOf(s);
const url = (s: ServiceName) => `http://127.0.0.1:${port(s)}`;

const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  NODE_ENV: 'production',
  ...generateSecrets(), // production refuses a missing or published secret: the chaos run has its own
  DATABASE_URL: process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hoithi_chaos',
  REDIS_KEY_PREFIX: 'chaos:',
  CAPTCHA_ENABLED: 'false',
  LOG_LEVEL: 'error',
  WEB_DIST: '',
  SWAGGER_ENABLED: 'false',
  DB_POOL_SIZE: '10',
  PUBLIC_BASE_URL: `http://127.0.0.1:${BASE_PORT}`, // production requires the public address
};

// ---------------------------------------------------------------- processes

const procs = new Map<ServiceName, ChildProcess>();

function startService(s: ServiceName): void {
  const child = spawn(process.execPath, [resolve(BUILT, `apps/${s}/src/main.js`)], {
    env: { ...env, SERVICES: s, PORT: String(port(s)), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Each service's stderr (errors, crashes) goes to load-tests/results/chaos-<service>.log.
  child.stderr!.on('data', (d: Buffer) => appendFileSync(resolve(ROOT, `load-tests/results/chaos-${s}.log`), d));
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM')
      appendFileSync(resolve(ROOT, `load-tests/results/chaos-${s}.log`), `\n[chaos] ${s} exited: code ${code} signal ${signal}\n`);
  });
  procs.set(s, child);
}

async function ready(s: ServiceName, timeoutMs = 60000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      if ((await fetch(`${url(s)}/api/health/ready`, { signal: AbortSignal.timeout(1000) })).ok) return (Date.now() - t0) / 1000;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${s} not ready after ${timeoutMs / 1000}s`);
}

async function allReady(timeoutMs = 60000): Promise<number> {
  const t0 = Date.now();
  await Promise.all(SERVICES.map((s) => ready(s, timeoutMs)));
  return (Date.now() - t0) / 1000;
}

function kill(s: ServiceName): Promise<void> {
  const child = procs.get(s)!;
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- load with its own log

interface Ack {
  seq: number;
}
const answerAcks = new Map<string, Ack>(); // attemptId|questionId → highest acknowledged seq
const submitAcks = new Map<string, { correct: number; points: number }>();
const deadlines = new Map<string, string>(); // attemptId → deadline as first returned
const counters = { ops: 0, acked: 0, errors: 0, refused: 0, notEligible: 0, fiveXX: 0, ackedWhilePgDown: 0, identities: 0 };
let pgDown = false;
let running = false;

const tokens = accessTokensOf(validateEnv(PlatformEnv, env), 3600);
const judgeToken = tokens.sign({ sub: randomUUID(), roles: ['judge'], unitId: null, province: null, name: 'Giám khảo' });

// ---------------------------------------------------------------- contestants (registration.users rows)

let unitId = ''; // registration unit PROFILE.unitCode, read once the seed has run
const identityPool: string[] = [];
let registered = 0;
let refilling: Promise<void> | null = null;

/** Registers `n` more contestants in one statement (a profile holding what the demo contest requires, no password). */
async function registerContestants(n: number): Promise<void> {
  const pg = new Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 2000 });
  await pg.connect();
  try {
    const from = registered + 1;
    const r = await pg.query<{ id: string }>(
      `INSERT INTO registration.users (full_name, date_of_birth, phone, password_hash, province_code, ward_code, unit_id, category)
       SELECT 'Thí Sinh Chaos ' || g, '1990-01-01', '+8497' || lpad(g::text, 7, '0'), '!chaos: no login', $3, $4, $5, $6::registration.user_category
         FROM generate_series($1::int, $2::int) g
       RETURNING id::text`,
      [from, from + n - 1, PROFILE.province, PROFILE.ward, unitId, PROFILE.category],
    );
    registered += n;
    identityPool.push(...r.rows.map((x) => x.id));
  } finally {
    await pg.end().catch(() => undefined);
  }
}

/** A registered contestant not used yet (topping the pool up in the background); null once the load stops. */
async function nextContestant(): Promise<string | null> {
  for (;;) {
    if (identityPool.length < IDENTITY_LOW && !refilling) {
      refilling = registerContestants(IDENTITY_BATCH)
        .catch(() => sleep(500)) // PostgreSQL down: tried again on the next draw
        .then(() => undefined)
        .finally(() => (refilling = null));
    }
    const id = identityPool.pop();
    if (id) {
      counters.identities++;
      return id;
    }
    if (!running) return null;
    await (refilling ?? sleep(200));
  }
}

const contestantToken = (sub: string) => tokens.sign({ sub, roles: ['contestant'], unitId: unitId || null, province: PROFILE.province, name: 'Thí Sinh' });

async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> {
  counters.ops++;
  try {
    const res = await fetch(`${url('exam-session')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    if (res.status >= 500) counters.fiveXX++;
    else if (res.status >= 400 && !(method === 'POST' && path.endsWith('/attempts') && res.status === 409)) counters.refused++;
    if (res.status === 403 && text.includes('exam.not-eligible')) counters.notEligible++; // every contestant is eligible
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  } catch {
    counters.errors++;
    return { status: 0, json: null };
  }
}

interface AttemptView {
  attemptId: string;
  deadline: string;
  questions: { id: string; options: { id: string }[] }[];
}

/** One contestant: attempts one after another (a new identity when the round's attempts are used up). */
async function contestant(): Promise<void> {
  let who = await nextContestant();
  if (!who) return;
  let token = contestantToken(who);
  while (running) {
    const start = await call('POST', `/api/rounds/${ROUND_ID}/attempts`, token, {});
    if (start.status === 409 || start.status === 403 || start.status === 422) {
      who = await nextContestant();
      if (!who) return;
      token = contestantToken(who);
      continue;
    }
    if (start.status !== 200 && start.status !== 201) {
      await sleep(200);
      continue;
    }
    const a = start.json as unknown as AttemptView;
    if (!deadlines.has(a.attemptId)) deadlines.set(a.attemptId, a.deadline);
    for (const q of a.questions) {
      if (!running) return;
      for (let seq = 1; seq <= (Math.random() < 0.3 ? 2 : 1); seq++) {
        const opt = q.options[Math.floor(Math.random() * q.options.length)];
        const r = await call('PUT', `/api/attempts/${a.attemptId}/answers/${q.id}`, token, { optionIds: [opt.id], seq });
        if (r.status === 200) {
          counters.acked++;
          if (pgDown) counters.ackedWhilePgDown++;
          const k = `${a.attemptId}|${q.id}`;
          const acked = (r.json?.seq as number) ?? seq;
          if ((answerAcks.get(k)?.seq ?? 0) < acked) answerAcks.set(k, { seq: acked });
        }
      }
    }
    if (!running) return;
    const sub = await call('POST', `/api/attempts/${a.attemptId}/submit`, token, { prediction: String(Math.floor(Math.random() * 100)) });
    if (sub.status === 200 || sub.status === 201) {
      counters.acked++;
      if (pgDown) counters.ackedWhilePgDown++;
      submitAcks.set(a.attemptId, { correct: sub.json!.correct as number, points: (sub.json!.points as number) ?? (sub.json!.correct as number) });
    }
  }
}

let workers: Promise<void>[] = [];
function startLoad(): void {
  running = true;
  workers = Array.from({ length: CONTESTANTS }, () => contestant());
}
async function stopLoad(): Promise<void> {
  running = false;
  await Promise.all(workers);
}

// ---------------------------------------------------------------- checks

interface CheckResult {
  missingAnswers: number;
  missingSubmissions: number;
  changedScores: number;
  boardMismatches: number;
  deadlineChanged: number;
}

async function check(pg: Client): Promise<CheckResult> {
  const keys = [...answerAcks.entries()];
  const rows = await pg.query<{ k: string; seq: number }>(
    `SELECT a.attempt_id::text || '|' || a.question_id AS k, a.seq FROM exam.answers a
      JOIN unnest($1::uuid[], $2::text[]) AS x(attempt_id, question_id) USING (attempt_id, question_id)`,
    [keys.map(([k]) => k.split('|')[0]), keys.map(([k]) => k.split('|')[1])],
  );
  const stored = new Map(rows.rows.map((r) => [r.k, r.seq]));
  const missingAnswers = keys.filter(([k, ack]) => (stored.get(k) ?? -1) < ack.seq).length;

  const subs = [...submitAcks.entries()];
  const srows = await pg.query<{ id: string; status: string; correct: number; points: number }>(
    `SELECT id::text, status, correct, points FROM exam.attempts WHERE id = ANY($1::uuid[])`,
    [subs.map(([id]) => id)],
  );
  const byId = new Map(srows.rows.map((r) => [r.id, r]));
  const missingSubmissions = subs.filter(([id]) => byId.get(id)?.status !== 'submitted').length;
  const changedScores = subs.filter(([id, s]) => {
    const r = byId.get(id);
    return r && r.status === 'submitted' && (r.correct !== s.correct || r.points !== s.points);
  }).length;

  // In-progress attempts resume with their deadline unchanged (from the service, after the fault).
  let deadlineChanged = 0;
  const active = await pg.query<{ id: string; contestant_id: string }>(
    `SELECT id::text, contestant_id::text FROM exam.attempts WHERE status = 'active' AND round_id = $1 LIMIT 20`,
    [ROUND_ID],
  );
  for (const a of active.rows) {
    const t = contestantToken(a.contestant_id);
    const r = await call('GET', `/api/attempts/${a.id}`, t);
    const first = deadlines.get(a.id);
    if (r.status === 200 && first && r.json!.deadline !== first) deadlineChanged++;
  }

  const boardMismatches = await boardDiff(pg);
  return { missingAnswers, missingSubmissions, changedScores, boardMismatches, deadlineChanged };
}

/** The live board (read through the leaderboard service) against the best attempts recomputed from PostgreSQL. */
async function boardDiff(pg: Client): Promise<number> {
  const best = await pg.query<{ points: number; duration_ms: number }>(
    `SELECT DISTINCT ON (contestant_id) points, duration_ms FROM exam.attempts
      WHERE round_id = $1 AND status = 'submitted' ORDER BY contestant_id, points DESC, duration_ms ASC, submitted_at ASC`,
    [ROUND_ID],
  );
  // The public board carries no contestant ids: compare the multisets of (points, duration) of the best entries.
  const want = best.rows.map((r) => `${r.points}/${r.duration_ms}`).sort();
  let diff = Infinity;
  // Entries a consumer could not apply during the fault are retried when reclaimed (LEADERBOARD_CLAIM_IDLE_MS): up to 60 s.
  for (let tries = 0; tries < 120 && diff > 0; tries++) {
    const got: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const res = await fetch(`${url('leaderboard')}/api/rounds/${ROUND_ID}/leaderboard?limit=100&offset=${offset}`, {
        headers: { authorization: `Bearer ${judgeToken}` },
      }).catch(() => null);
      if (!res || !res.ok) break;
      const entries = ((await res.json()) as { entries?: { points: number; durationMs: number }[] }).entries ?? [];
      for (const e of entries) got.push(`${e.points}/${e.durationMs}`);
      if (entries.length < 100) break;
    }
    got.sort();
    diff = Math.abs(got.length - want.length) + want.filter((w, i) => got[i] !== w).length;
    if (diff > 0) await sleep(500);
    if (diff > 0 && tries === 119)
      console.log(
        `  board: ${got.length} entries, PostgreSQL: ${want.length}; first differences: ${want
          .filter((w, i) => got[i] !== w)
          .slice(0, 3)
          .join(', ')} vs ${got
          .filter((g, i) => want[i] !== g)
          .slice(0, 3)
          .join(', ')}`,
      );
  }
  return diff;
}

// ---------------------------------------------------------------- faults

interface Fault {
  name: string;
  inject: () => Promise<void>;
}

function redisCli(cmd: string): void {
  const u = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  execSync(`redis-cli -h ${u.hostname} -p ${u.port || 6379} ${cmd}`, { stdio: 'ignore' });
}

const FAULTS: Fault[] = [
  ...SERVICES.map((s) => ({
    name: `kill-${s}`,
    inject: async () => {
      await kill(s);
      await sleep(1000);
      startService(s);
    },
  })),
  {
    name: 'flushall',
    inject: async () => {
      const r = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      await r.flushall();
      r.disconnect();
    },
  },
  {
    name: 'redis-restart',
    inject: async () => {
      try {
        redisCli('shutdown nosave');
      } catch {
        /* it went down */
      }
      await sleep(1500);
      execSync('bash scripts/ensure-services.sh', { cwd: ROOT, stdio: 'ignore', env });
    },
  },
  {
    name: 'postgres-restart',
    inject: async () => {
      pgDown = true;
      const versions = execSync('ls /etc/postgresql').toString().trim().split(/\s+/);
      for (const v of versions) execSync(`pg_ctlcluster --skip-systemctl-redirect ${v} main stop -m fast`, { stdio: 'ignore' });
      await sleep(3000);
      for (const v of versions) execSync(`pg_ctlcluster --skip-systemctl-redirect ${v} main start`, { stdio: 'ignore' });
      pgDown = false;
    },
  },
];

// ---------------------------------------------------------------- main

/** Forget the previous run's keys (the database is re-created; Redis must start as empty). */
async function clearRedisPrefix(): Promise<void> {
  await deleteKeysWithPrefix(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX);
}

async function main(): Promise<void> {
  const only = process.argv
    .find((a) => a.startsWith('--faults='))
    ?.slice('--faults='.length)
    .split(',');
  const faults = only ? FAULTS.filter((f) => only.includes(f.name)) : FAULTS;
  mkdirSync(resolve(ROOT, 'load-tests/results'), { recursive: true });
  for (const s of SERVICES) writeFileSync(resolve(ROOT, `load-tests/results/chaos-${s}.log`), '');
  console.log(`» chaos database ${env.DATABASE_URL} (re-created), Redis prefix chaos:, ${CONTESTANTS} contestants`);
  await dropDatabase(env.DATABASE_URL);
  await ensureDatabase(env.DATABASE_URL);
  await clearRedisPrefix();
  execSync(`node ${resolve(BUILT, 'scripts/setup.js')}`, { env, stdio: 'ignore' });
  {
    const pg = new Client({ connectionString: env.DATABASE_URL });
    await pg.connect();
    try {
      const u = await pg.query<{ id: string }>('SELECT id::text FROM registration.units WHERE code = $1', [PROFILE.unitCode]);
      if (!u.rows[0]) throw new Error(`the seed made no registration unit ${PROFILE.unitCode}`);
      unitId = u.rows[0].id;
    } finally {
      await pg.end();
    }
  }
  await registerContestants(IDENTITY_BATCH);
  for (const s of SERVICES) startService(s);
  await allReady();
  const rows: (CheckResult & {
    fault: string;
    ackedDuring: number;
    errorsDuring: number;
    refusedDuring: number;
    fiveXXDuring: number;
    recoverySeconds: number;
  })[] = [];
  try {
    startLoad();
    await sleep(3000);
    for (const f of faults) {
      console.log(`» ${f.name}`);
      const before = { ...counters };
      const t0 = Date.now();
      await f.inject();
      await allReady(120000);
      const recoverySeconds = (Date.now() - t0) / 1000;
      await sleep(3000); // load goes on after recovery
      const during = {
        acked: counters.acked - before.acked,
        errors: counters.errors - before.errors,
        refused: counters.refused - before.refused,
        fiveXX: counters.fiveXX - before.fiveXX,
      };
      await stopLoad();
      await sleep(1500); // let the leaderboard consume what was just submitted
      const pg = new Client({ connectionString: env.DATABASE_URL });
      await pg.connect();
      try {
        rows.push({
          fault: f.name,
          ackedDuring: during.acked,
          errorsDuring: during.errors,
          refusedDuring: during.refused,
          fiveXXDuring: during.fiveXX,
          recoverySeconds,
          ...(await check(pg)),
        });
      } finally {
        await pg.end();
      }
      startLoad();
    }
    await stopLoad();
  } finally {
    for (const p of procs.values()) p.kill('SIGTERM');
  }
  const lost = rows.reduce((n, r) => n + r.missingAnswers + r.missingSubmissions, 0);
  const bad = rows.reduce((n, r) => n + r.changedScores + r.boardMismatches + r.deadlineChanged, 0) + counters.notEligible;
  const head = [
    'fault',
    'acked during',
    'lost answers',
    'lost submits',
    'score changed',
    'board diff',
    'deadline moved',
    'network errors',
    '4xx',
    '5xx',
    'recovery s',
  ];
  const body = rows.map((r) =>
    [
      r.fault,
      r.ackedDuring,
      r.missingAnswers,
      r.missingSubmissions,
      r.changedScores,
      r.boardMismatches,
      r.deadlineChanged,
      r.errorsDuring,
      r.refusedDuring,
      r.fiveXXDuring,
      r.recoverySeconds.toFixed(1),
    ].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join(' | ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${body.map(line).join('\n')}`);
  console.log(
    `\ntotal: ${faults.length} faults, ${counters.ops} operations, ${counters.acked} acknowledged (${answerAcks.size} answers, ${submitAcks.size} submissions), lost ${lost}; acknowledged while PostgreSQL was down: ${counters.ackedWhilePgDown}`,
  );
  console.log(`contestants: ${counters.identities} registered ones used (of ${registered}); refused as not eligible: ${counters.notEligible}`);
  mkdirSync(resolve(ROOT, 'load-tests/results'), { recursive: true });
  writeFileSync(resolve(ROOT, `load-tests/results/chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ rows, counters }, null, 2));
  await dropDatabase(env.DATABASE_URL).catch(() => undefined);
  await clearRedisPrefix().catch(() => undefined);
  if (lost > 0 || bad > 0) {
    console.error(`chaos: FAILED (lost ${lost}, inconsistencies ${bad})`);
    process.exit(1);
  }
  console.log('chaos: passed (nothing acknowledged was lost)');
}

main().catch((e) => {
  for (const p of procs.values()) p.kill('SIGKILL');
  console.error(`chaos failed: ${(e as Error).stack}`);
  process.exit(1);
});
