import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { accessTokensOf, AccessTokens, deleteKeysWithPrefix, dropDatabase, ensureDatabase, generateSecrets, PlatformEnv, validateEnv } from '@hoi-thi/platform';
import { BenchRow } from './bench-types';
import { percentiles } from './bench-lib';
import { startEdge } from './edge';

/**
 * npm run bench:scale — scale-out shown on this machine: the services as separate processes behind the nginx
 * edge of docker/ (Debian's nginx), sharing one PostgreSQL and one Redis, first with one instance each of
 * exam-session and leaderboard, then with two. For each, the exam bench (answer saves and submits at 200
 * contestants, with its bare-Fastify ceiling) runs through the edge. With two instances, socket.io watchers
 * connected to each leaderboard instance measure how soon a submission handled through the edge shows in their
 * snapshots, whichever instance consumed the event (the Redis adapter carries snapshots across instances).
 * On two cores a second instance adds processes, not cores: the figures say what that buys here.
 */
const BUILT = resolve(__dirname, '../..');
const ROOT = process.cwd();
const DEMO_ROUND = 'd3e0a000-0000-4000-8000-000000000001';
/**
 * The demo round's contest requires province, unit and category (exam-session's eligibility): the watchers' made-up
 * contestants are real `registration.users` rows with the seed's values (no password: they never log in).
 */
const PROFILE = { province: '01', ward: '10101003', category: 'other', unitCode: 'HN-BD-CB01' } as const;
const BASE = Number(process.env.SCALE_PORT ?? 3700);

const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  NODE_ENV: 'production',
  ...generateSecrets(), // production refuses a missing or published secret: the run has its own
  DATABASE_URL: process.env.SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hoithi_scale',
  REDIS_KEY_PREFIX: `scale:${BASE}:`,
  CAPTCHA_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  WEB_DIST: '',
  DB_POOL_SIZE: '20',
  PUBLIC_BASE_URL: `http://127.0.0.1:${BASE}`, // production requires the public address
  TRUST_PROXY: 'loopback', // the run's nginx edge is the proxy
};

interface Proc {
  name: string;
  port: number;
  child: ChildProcess;
}

function start(services: string, port: number): Proc {
  const child = spawn(process.execPath, [resolve(BUILT, 'apps/platform/src/main.js')], {
    env: { ...env, SERVICES: services, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name: services, port, child };
}

async function ready(p: Proc): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (p.child.exitCode !== null) throw new Error(`${p.name} exited`);
    try {
      if ((await fetch(`http://127.0.0.1:${p.port}/api/health/ready`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.name} not ready`);
}

function stop(p: Proc): Promise<void> {
  return new Promise((res) => {
    if (p.child.exitCode !== null) return res();
    p.child.once('exit', () => res());
    p.child.kill('SIGTERM');
  });
}

/** Registers `n` contestants eligible for the demo round, in one statement; their ids and unit. */
async function registerContestants(n: number): Promise<{ ids: string[]; unitId: string }> {
  const pg = new Client({ connectionString: env.DATABASE_URL });
  await pg.connect();
  try {
    const r = await pg.query<{ id: string; unitId: string }>(
      `INSERT INTO registration.users (full_name, date_of_birth, phone, password_hash, province_code, ward_code, unit_id, category)
       SELECT 'Thí Sinh Đo ' || g, '1990-01-01', '+8496' || lpad(g::text, 7, '0'), '!scale-out: no login', $2, $3, u.id, $4::registration.user_category
         FROM generate_series(1, $1::int) g, registration.units u WHERE u.code = $5
       RETURNING id::text, unit_id::text AS "unitId"`,
      [n, PROFILE.province, PROFILE.ward, PROFILE.category, PROFILE.unitCode],
    );
    if (r.rows.length !== n) throw new Error(`registration unit ${PROFILE.unitCode} not seeded`);
    return { ids: r.rows.map((x) => x.id), unitId: r.rows[0].unitId };
  } finally {
    await pg.end();
  }
}

async function watcherLag(edgeUrl: string, leaderboards: Proc[], tokens: AccessTokens): Promise<{ lags: number[]; byInstance: number[] }> {
  const contestants = await registerContestants(20);
  const sockets: Socket[] = [];
  const arrivals: { instance: number; at: number; entries: { durationMs: number }[] }[] = [];
  for (const [i, lb] of leaderboards.entries()) {
    const s = io(`http://127.0.0.1:${lb.port}/live`, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((res, rej) => {
      s.on('connect', () => res());
      s.on('connect_error', rej);
    });
    s.on('leaderboard', (snap: { top?: { durationMs: number }[]; entries?: { durationMs: number }[] }) =>
      arrivals.push({ instance: i, at: Date.now(), entries: snap.top ?? snap.entries ?? [] }),
    );
    s.emit('watch', { roundId: DEMO_ROUND });
    sockets.push(s);
  }
  const lags: number[] = [];
  const byInstance = leaderboards.map(() => 0);
  try {
    for (let k = 0; k < contestants.ids.length; k++) {
      const sub = contestants.ids[k];
      const token = tokens.sign({ sub, roles: ['contestant'], unitId: contestants.unitId, province: PROFILE.province, name: 'Thí Sinh Đo' });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const res0 = await fetch(`${edgeUrl}/api/rounds/${DEMO_ROUND}/attempts`, { method: 'POST', headers, body: '{}' });
      if (!res0.ok) throw new Error(`starting an attempt in the demo round: ${res0.status} ${await res0.text()}`);
      const started = (await res0.json()) as {
        attemptId: string;
        questions: { id: string; options: { id: string }[] }[];
      };
      // Any submission enters the board (it is the contestant's first); pushed entries carry no ids, so the
      // submission is recognised by its server-measured duration.
      for (const q of started.questions) {
        await fetch(`${edgeUrl}/api/attempts/${started.attemptId}/answers/${q.id}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ optionIds: [q.options[0].id], seq: 1 }),
        });
      }
      const res = (await (
        await fetch(`${edgeUrl}/api/attempts/${started.attemptId}/submit`, { method: 'POST', headers, body: '{"prediction":"1"}' })
      ).json()) as { durationMs: number };
      const t0 = Date.now();
      for (let w = 0; w < 60; w++) {
        for (let i = 0; i < leaderboards.length; i++) {
          const hit = arrivals.find((a) => a.instance === i && a.at >= t0 - 50 && a.entries.some((e) => e.durationMs === res.durationMs));
          if (hit && byInstance[i] <= k) {
            byInstance[i]++;
            lags.push(hit.at - t0);
          }
        }
        if (byInstance.every((n) => n > k)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    for (const s of sockets) s.disconnect();
  }
  return { lags, byInstance };
}

async function main(): Promise<void> {
  const penv = validateEnv(PlatformEnv, env);
  const tokens = accessTokensOf(penv, 7200);
  console.log(`» scale-out bench: database ${env.DATABASE_URL} (re-created), Redis prefix ${env.REDIS_KEY_PREFIX}`);
  await dropDatabase(env.DATABASE_URL);
  await ensureDatabase(env.DATABASE_URL);
  await deleteKeysWithPrefix(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX);
  await new Promise<void>((res, rej) => {
    const s = spawn(process.execPath, [resolve(BUILT, 'scripts/setup.js')], { env, stdio: 'ignore' });
    s.on('exit', (c) => (c === 0 ? res() : rej(new Error(`setup exited ${c}`))));
  });
  const { bench: exam } = (await import('./exam.bench')) as typeof import('./exam.bench');
  const rows: BenchRow[] = [];
  const core = start('registration,question-bank', BASE);
  await ready(core);
  try {
    for (const n of [1, 2]) {
      const exams = Array.from({ length: n }, (_, i) => start('exam-session', BASE + 10 + i));
      const boards = Array.from({ length: n }, (_, i) => start('leaderboard', BASE + 20 + i));
      await Promise.all([...exams, ...boards].map(ready));
      const local = (ps: Proc[]) => ps.map((p) => `127.0.0.1:${p.port}`);
      const edge = await startEdge(
        { registration: local([core]), 'question-bank': local([core]), 'exam-session': local(exams), leaderboard: local(boards) },
        { root: ROOT },
      );
      try {
        console.log(`» ${n} instance(s) each of exam-session and leaderboard behind nginx ${edge.url}`);
        const got = await exam.run({
          baseUrl: edge.url,
          env,
          pid: exams[0].child.pid!,
          log: (l) => console.log(`  ${l}`),
          seconds: process.env.BENCH_QUICK ? 3 : 10,
        });
        rows.push(
          ...got.map((r) => ({ ...r, area: `scale ×${n}`, name: r.name.startsWith('ceiling') ? `${r.name} (direct, no nginx)` : `${r.name} (through nginx)` })),
        );
        if (n === 2) {
          const { lags, byInstance } = await watcherLag(edge.url, boards, tokens);
          const p = percentiles(lags);
          rows.push({
            area: 'scale ×2',
            name: 'submission → snapshot at watchers on each leaderboard instance',
            p50Ms: p.p50,
            p99Ms: p.p99,
            note: `20 submissions through nginx; snapshots received per instance: ${byInstance.join(' / ')}`,
          });
        }
      } finally {
        await edge.stop();
        await Promise.all([...exams, ...boards].map(stop));
      }
    }
  } finally {
    await stop(core);
  }
  const head = ['area', 'measure', 'ops/s', 'p50 ms', 'p99 ms', 'ceiling ops/s', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.area,
    r.name,
    r.throughput?.toLocaleString('en-US') ?? '',
    String(r.p50Ms ?? ''),
    String(r.p99Ms ?? ''),
    r.ceiling?.toLocaleString('en-US') ?? '',
    r.ceiling && r.throughput ? (r.throughput / r.ceiling).toFixed(2) : '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join(' | ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${body.map(line).join('\n')}\n`);
  mkdirSync(resolve(ROOT, 'load-tests/results'), { recursive: true });
  writeFileSync(resolve(ROOT, `load-tests/results/scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(rows, null, 2));
  await dropDatabase(env.DATABASE_URL).catch(() => undefined);
  await deleteKeysWithPrefix(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_KEY_PREFIX).catch(() => 0);
}

main().catch((e) => {
  console.error(`scale-out bench failed: ${(e as Error).stack}`);
  process.exit(1);
});
