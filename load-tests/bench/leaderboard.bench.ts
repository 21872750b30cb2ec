import { ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash, randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { Client } from 'pg';
import * as jwt from 'jsonwebtoken';
import { Role, STREAMS, roundKeys } from '@hoi-thi/contracts';
import { encodeLiveScore } from '@hoi-thi/domain';
import { accessTokensOf, PlatformEnv, validateEnv } from '@hoi-thi/platform';
import { MY_PLACE } from '../../apps/leaderboard/src/live/live-board.repository';
import { epochMinute, liveKeys, seenToken } from '../../apps/leaderboard/src/live/live-keys';
import { BenchContext, BenchModule, BenchRow } from './bench-types';
import { load, peakRssMb, percentiles, round } from './bench-lib';

/**
 * Leaderboard at 1,000,000 entries: top-100 reads and my-rank reads per second (autocannon, p99; at saturation and at
 * a moderate number of connections, each beside a bare-Fastify ceiling doing the same at the same connections), a deep page,
 * finalization of 1,000,000 attempts in PostgreSQL, Redis memory per entry, and socket.io watchers of one round
 * (1,000 then 5,000, in a child process) receiving snapshots while submissions flow (delivery lag p50/p99).
 * Entries are written straight into Redis in the board's key layout (live-keys.ts) with pipelined multi-member
 * ZADD/HSET; attempts go into exam.attempts with one INSERT … SELECT generate_series.
 */
const ENTRIES = Number(process.env.LB_BENCH_ENTRIES ?? 1_000_000);
const ATTEMPTS = Number(process.env.LB_BENCH_ATTEMPTS ?? 1_000_000);
const UNITS = 500;
/**
 * Connections of the read phases. At SATURATION every figure is queueing (Little's law: 50 in flight at 10,000/s
 * is 5 ms each on average, whatever the code), so the reads are measured again at MODERATE connections, where a
 * p99 under 10 ms means something; each next to the bare-Fastify ceiling at the same connections.
 */
const SATURATION = 50;
const MODERATE = 16;
const PROVINCES = 34;
/** The round opened 40 days ago and closed a minute ago (the live board still takes submissions; finalization needs the close). */
const OPENS_AT = Date.now() - 40 * 86_400_000;

const uuidOf = (text: string) => {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

function entryOf(i: number) {
  const points = (i * 7919) % 21;
  const durationMs = 30_000 + ((i * 104_729) % 1_170_000);
  const submittedAt = new Date(OPENS_AT + (i % 2_592_000) * 1000 + (i % 1000));
  return {
    contestantId: uuidOf(`c${i}`),
    attemptId: uuidOf(`a${i}`),
    unitId: uuidOf(`u${i % UNITS}`),
    province: `P${i % PROVINCES}`,
    points,
    durationMs,
    submittedAt,
    score: encodeLiveScore({ points, durationMs, submittedAt, roundOpensAt: OPENS_AT }),
  };
}

async function usedMemory(r: Redis): Promise<number> {
  const info = await r.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Writes ENTRIES contestants' best entries of `roundId` into Redis; returns bytes per entry (global zset alone, and all board keys). */
async function loadBoard(r: Redis, roundId: string, log: (l: string) => void) {
  const k = liveKeys(roundId);
  const before = await usedMemory(r);
  const batch = 10_000;
  const started = Date.now();
  for (let i = 0; i < ENTRIES; i += batch) {
    const args: (string | number)[] = [];
    for (let j = i; j < Math.min(ENTRIES, i + batch); j++) {
      const e = entryOf(j);
      args.push(e.score, e.contestantId);
    }
    await r.zadd(k.global, ...args);
  }
  const zsetOnly = await usedMemory(r);
  const histogram = new Map<number, number>();
  const perMinute = new Map<number, number>();
  for (let i = 0; i < ENTRIES; i += batch) {
    const pipe = r.pipeline();
    const best: string[] = [];
    const seen: string[] = [];
    const units = new Map<string, (string | number)[]>();
    const provinces = new Map<string, (string | number)[]>();
    for (let j = i; j < Math.min(ENTRIES, i + batch); j++) {
      const e = entryOf(j);
      best.push(
        e.contestantId,
        JSON.stringify({
          a: e.attemptId,
          p: e.points,
          c: e.points,
          t: 20,
          d: e.durationMs,
          s: e.submittedAt.toISOString(),
          u: e.unitId,
          v: e.province,
          n: 'Nguyễn V. A.',
          r: '100',
        }),
      );
      seen.push(seenToken(e.attemptId));
      (units.get(e.unitId) ?? units.set(e.unitId, []).get(e.unitId)!).push(e.score, e.contestantId);
      (provinces.get(e.province) ?? provinces.set(e.province, []).get(e.province)!).push(e.score, e.contestantId);
      histogram.set(e.points, (histogram.get(e.points) ?? 0) + 1);
      const minute = epochMinute(e.submittedAt.getTime());
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    pipe.hset(k.best, ...best);
    pipe.sadd(k.seen, ...seen);
    for (const [unit, members] of units) pipe.zadd(k.unit(unit), ...members);
    for (const [province, members] of provinces) pipe.zadd(k.province(province), ...members);
    await pipe.exec();
  }
  const pipe = r.pipeline();
  pipe.hset(k.counters, 'attempts', ENTRIES, 'entries', ENTRIES, 'ver', 1);
  pipe.hset(k.histogram, ...[...histogram].flat());
  for (let m = 0; m < perMinute.size; m += 10_000) pipe.hset(k.perMinute, ...[...perMinute].slice(m, m + 10_000).flat());
  for (let u = 0; u < UNITS; u++) pipe.zadd(k.units, Math.ceil(ENTRIES / UNITS), uuidOf(`u${u}`));
  for (let p = 0; p < PROVINCES; p++) pipe.zadd(k.provinces, Math.ceil(ENTRIES / PROVINCES), `P${p}`);
  pipe.set(k.built, new Date().toISOString());
  await pipe.exec();
  const after = await usedMemory(r);
  log(`board loaded: ${ENTRIES} entries in ${round((Date.now() - started) / 1000, 1)} s`);
  return { zsetBytes: (zsetOnly - before) / ENTRIES, allBytes: (after - before) / ENTRIES };
}

/** exam.attempts rows for the round with one INSERT … SELECT; exam's own NOT NULL columns get placeholders. */
async function loadAttempts(db: Client, roundId: string, log: (l: string) => void) {
  await db.query(`CREATE SCHEMA IF NOT EXISTS exam`);
  await db.query(`CREATE TABLE IF NOT EXISTS exam.attempts (id uuid PRIMARY KEY, round_id uuid NOT NULL, contestant_id uuid NOT NULL,
    unit_id uuid NULL, province text NULL, status text NOT NULL, correct int, points int, total int, duration_ms int,
    started_at timestamptz, deadline timestamptz, submitted_at timestamptz NULL, prediction numeric(20,5) NULL)`);
  const contract = [
    'id',
    'round_id',
    'contestant_id',
    'unit_id',
    'province',
    'status',
    'correct',
    'points',
    'total',
    'duration_ms',
    'started_at',
    'deadline',
    'submitted_at',
    'prediction',
  ];
  const extra = (
    await db.query(
      `SELECT column_name AS name, data_type AS type, udt_schema, udt_name FROM information_schema.columns
        WHERE table_schema = 'exam' AND table_name = 'attempts' AND is_nullable = 'NO' AND column_default IS NULL`,
    )
  ).rows.filter((c: { name: string }) => !contract.includes(c.name));
  const expr = async (c: { type: string; udt_schema: string; udt_name: string }) => {
    if (['integer', 'smallint', 'bigint', 'numeric'].includes(c.type)) return 'g';
    if (c.type === 'uuid') return `md5('x' || g)::uuid`;
    if (c.type === 'jsonb' || c.type === 'json') return `'{}'`;
    if (c.type === 'boolean') return 'false';
    if (c.type.startsWith('timestamp')) return 'now()';
    if (c.type === 'USER-DEFINED') {
      const e = await db.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2 ORDER BY e.enumsortorder LIMIT 1`,
        [c.udt_schema, c.udt_name],
      );
      return `'${e.rows[0].enumlabel}'`;
    }
    return `'x'`;
  };
  const extraExprs = await Promise.all(extra.map(expr));
  const started = Date.now();
  const contestants = Math.round(ATTEMPTS * 0.8);
  for (let from = 1; from <= ATTEMPTS; from += 250_000) {
    const to = Math.min(ATTEMPTS, from + 249_999);
    await db.query(
      `INSERT INTO exam.attempts (${[...contract, ...extra.map((c: { name: string }) => c.name)].map((c) => `"${c}"`).join(', ')})
       SELECT md5('a' || g)::uuid, $1::uuid, md5('c' || (g % ${contestants}))::uuid, md5('u' || (g % ${UNITS}))::uuid, 'P' || (g % ${PROVINCES}),
              'submitted', (g * 7919) % 21, (g * 7919) % 21, 20, 30000 + (g * 104729) % 1170000,
              s - make_interval(secs => (30000 + (g * 104729) % 1170000) / 1000.0), s + interval '20 minutes', s,
              CASE WHEN g % 10 = 0 THEN NULL ELSE ((g * 31) % 200000)::numeric / 100 END
              ${extraExprs.length ? ', ' + extraExprs.join(', ') : ''}
         FROM generate_series($2::bigint, $3::bigint) g, LATERAL (SELECT $4::timestamptz + (g % 2592000) * interval '1 second' + (g % 1000) * interval '1 millisecond' AS s) t`,
      [roundId, from, to, new Date(OPENS_AT).toISOString()],
    );
  }
  await db.query('ANALYZE exam.attempts');
  log(`attempts loaded: ${ATTEMPTS} in ${round((Date.now() - started) / 1000, 1)} s`);
}

function signer(raw: Record<string, string>) {
  const tokens = accessTokensOf(validateEnv(PlatformEnv, raw), 3600); // the platform's defaults for what the bench does not set
  return (sub: string, roles: string[]) => tokens.sign({ sub, roles: roles as Role[], unitId: null, province: null });
}

/**
 * Ceilings in the same run: a bare Fastify (in a child process of its own) serving the same top-100 bytes, and doing
 * my-rank's JWT verify and the same Redis read (the leaderboard's own live-board.my-place.lua script, one round trip) without Nest.
 */
async function ceilingServer(r: Redis, roundId: string, topJson: string, raw: Record<string, string>) {
  const env = validateEnv(PlatformEnv, raw);
  // The ceiling runs in a process of its own (see ceilingMain), never on the load generator's event loop.
  // my-rank's verification: ES256 with the public key, cached per token string as HotAuth does (each bench token
  // verifies its signature once, ~130 µs; an uncached ES256 verify per request would lower the ceiling, not the platform).
  const tokens = accessTokensOf(env);
  const verified = new Map<string, jwt.JwtPayload>();
  const k = liveKeys(roundId);
  const app = Fastify({ logger: false });
  const topGzip = gzipSync(topJson, { level: 6 });
  app.get('/top', async (req, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8');
    if (String(req.headers['accept-encoding'] ?? '').includes('gzip')) return reply.header('content-encoding', 'gzip').send(topGzip);
    return reply.send(topJson);
  });
  app.get('/me', async (req, reply) => {
    const token = String(req.headers.authorization).slice(7);
    let claims = verified.get(token);
    if (!claims) {
      claims = jwt.verify(token, tokens.key, tokens.verifyOptions) as jwt.JwtPayload;
      verified.set(token, claims);
    }
    const place = await MY_PLACE<unknown[]>(r, { keys: { global: k.global, best: k.best }, args: { contestantId: String(claims.sub), around: 5 } });
    if (place.length === 1) return reply.send({ entry: null, total: place[0] });
    const [total, position, mine, around, details, above, unit, province] = place as [
      number,
      number,
      string,
      string[],
      (string | null)[],
      number,
      number[] | null,
      number[] | null,
    ];
    return reply.send({
      total,
      position: position + 1,
      entry: JSON.parse(mine),
      above,
      scores: around.filter((_, i) => i % 2 === 1).map(Number),
      around: details.map((d) => (d ? JSON.parse(d) : null)),
      unit,
      province,
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/** The ceiling in a child process: it gets the round and the top page's bytes, answers with its port. */
async function startCeiling(ctx: BenchContext, roundId: string, topJson: string): Promise<{ url: string; close: () => void }> {
  const file = join(tmpdir(), `hoithi-lb-top-${process.pid}.json`);
  writeFileSync(file, topJson);
  const child = fork(__filename, ['--leaderboard-ceiling', roundId, file], { env: { ...process.env, ...ctx.env }, stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`leaderboard ceiling exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      child.kill('SIGTERM');
      rmSync(file, { force: true });
    },
  };
}

async function ceilingMain(): Promise<void> {
  const [roundId, file] = process.argv.slice(3);
  const env = process.env as Record<string, string>;
  const r = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { keyPrefix: env.REDIS_KEY_PREFIX });
  const port = await ceilingServer(r, roundId, readFileSync(file, 'utf8'), env);
  process.send!({ port });
}

if (process.argv[2] === '--leaderboard-ceiling') void ceilingMain();

interface WatcherResult {
  watchers: number;
  connected: number;
  failed: number;
  received: number;
  perWatcherPerSecond: number;
  p50: number;
  p99: number;
}

/** N socket.io watchers of one round in a child process (off the bench's event loop); lag = receipt − snapshot time. */
async function runWatchers(
  baseUrl: string,
  roundId: string,
  watchers: number,
  seconds: number,
  during: () => Promise<void>,
  serverPid: number,
): Promise<WatcherResult> {
  const args = [__filename, '--leaderboard-watchers', baseUrl, roundId, String(watchers), String(seconds)];
  // Off the server's core when taskset is there: the platform pinned to CPU 0, the watchers to CPU 1 (restored after).
  const pinned = cpus().length >= 2 && spawnSync('taskset', ['-p', '-c', '0', String(serverPid)]).status === 0;
  const child: ChildProcess = pinned
    ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
    : fork(args[0], args.slice(1), { stdio: 'inherit' });
  child.on('exit', () => {
    if (pinned) spawnSync('taskset', ['-p', '-c', `0-${cpus().length - 1}`, String(serverPid)]);
  });
  return new Promise<WatcherResult>((resolve, reject) => {
    child.on('message', (m: { type: string; result?: WatcherResult }) => {
      if (m.type === 'ready') void during().catch(reject);
      if (m.type === 'result') resolve(m.result!);
    });
    child.on('exit', (code) => (code ? reject(new Error(`watchers exited ${code}`)) : undefined));
  });
}

async function watcherMain(): Promise<void> {
  const [baseUrl, roundId, n, seconds] = process.argv.slice(3);
  const { io } = await import('socket.io-client');
  const count = Number(n);
  const lags: number[] = [];
  let measuring = false;
  let received = 0;
  let connected = 0;
  let failed = 0;
  const sockets: { disconnect(): void }[] = [];
  for (let i = 0; i < count; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, () => {
      const s = io(`${baseUrl}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
      sockets.push(s);
      s.on('leaderboard', (p: { at: string }) => {
        if (!measuring) return;
        received += 1;
        lags.push(Date.now() - Date.parse(p.at));
      });
      return new Promise<void>((resolve) => {
        s.once('connect', () => {
          s.timeout(20_000)
            .emitWithAck('watch', { roundId })
            .then(() => (connected += 1))
            .catch(() => (failed += 1))
            .finally(resolve);
        });
        s.once('connect_error', () => {
          failed += 1;
          resolve();
        });
      });
    });
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 1500)); // let the join snapshots pass
  measuring = true;
  process.send!({ type: 'ready' });
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  measuring = false;
  const { p50, p99 } = percentiles(lags);
  process.send!({
    type: 'result',
    result: { watchers: count, connected, failed, received, perWatcherPerSecond: round(received / Math.max(1, connected) / Number(seconds)), p50, p99 },
  });
  for (const s of sockets) s.disconnect();
  setTimeout(() => process.exit(0), 200);
}

if (process.argv[2] === '--leaderboard-watchers') void watcherMain();

export const bench: BenchModule = {
  area: 'leaderboard',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const area = 'leaderboard';
    const r = new Redis(ctx.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { keyPrefix: ctx.env.REDIS_KEY_PREFIX });
    const db = new Client({ connectionString: ctx.env.DATABASE_URL });
    await db.connect();
    const sign = signer(ctx.env);
    try {
      const roundId = randomUUID();
      const snapshot = {
        roundId,
        contestId: randomUUID(),
        title: 'Bench',
        opensAt: new Date(OPENS_AT).toISOString(),
        closesAt: new Date(Date.now() - 60_000).toISOString(),
        timeLimitSeconds: 1200,
        attemptsAllowed: null,
        blueprint: [],
        questions: [],
        scoring: { partialCredit: 'all-or-nothing' },
        prediction: { enabled: true, target: 'perfect-scorers', wording: '?', tieSide: 'over', decimals: 0 },
        rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
        revealPolicy: 'after-close',
        practice: false,
        publishedAt: new Date(OPENS_AT).toISOString(),
        keyVersion: 1,
      };
      await r.set(roundKeys(roundId).meta, JSON.stringify(snapshot));

      const memory = await loadBoard(r, roundId, ctx.log);
      rows.push({
        area,
        name: `Redis memory per entry (${ENTRIES.toLocaleString('en-US')} entries)`,
        note: `global zset ${Math.round(memory.zsetBytes)} B; all board keys ${Math.round(memory.allBytes)} B (zsets ×3, best hash, seen set)`,
      });

      const floor = await load({ url: `${ctx.baseUrl}/api/health/live`, duration: Math.max(3, Math.round(ctx.seconds / 2)) });
      rows.push({
        area,
        name: 'reference: GET /api/health/live (Nest, same moment)',
        throughput: floor.throughput,
        p50Ms: floor.p50Ms,
        p99Ms: floor.p99Ms,
        note: 'what this shared machine gives any Nest route right now',
      });

      const topJson = await (await fetch(`${ctx.baseUrl}/api/rounds/${roundId}/leaderboard?limit=100`)).text();
      const ceiling = await startCeiling(ctx, roundId, topJson);
      // As a browser asks (Accept-Encoding: gzip, so the page goes out compressed once per snapshot), then without.
      const browser = { 'accept-encoding': 'gzip, deflate, br' };
      const topUrl = `${ctx.baseUrl}/api/rounds/${roundId}/leaderboard?limit=100`;
      await fetch(topUrl); // builds and caches the snapshot's page
      const gzBytes = gzipSync(topJson, { level: 6 }).length;
      const top = await load({ url: topUrl, connections: SATURATION, duration: ctx.seconds, headers: browser });
      const topCeiling = await load({ url: `${ceiling.url}/top`, connections: SATURATION, duration: ctx.seconds, headers: browser });
      rows.push({
        area,
        name: 'GET top 100 (snapshot ≤ 1 s old), gzip as browsers ask',
        throughput: top.throughput,
        p50Ms: top.p50Ms,
        p99Ms: top.p99Ms,
        ceiling: topCeiling.throughput,
        note: `${SATURATION} connections (saturation; ceiling p99 ${topCeiling.p99Ms} ms); non-2xx ${top.non2xx}; ${gzBytes} bytes gzipped (${topJson.length} plain); ceiling = bare Fastify sending the same bytes`,
      });
      const topModerate = await load({ url: topUrl, connections: MODERATE, duration: ctx.seconds, headers: browser });
      const topModerateCeiling = await load({ url: `${ceiling.url}/top`, connections: MODERATE, duration: ctx.seconds, headers: browser });
      rows.push({
        area,
        name: `GET top 100, gzip, ${MODERATE} connections`,
        throughput: topModerate.throughput,
        p50Ms: topModerate.p50Ms,
        p99Ms: topModerate.p99Ms,
        ceiling: topModerateCeiling.throughput,
        note: `non-2xx ${topModerate.non2xx}; ceiling = bare Fastify sending the same bytes at ${MODERATE} connections, p50/p99 ${topModerateCeiling.p50Ms}/${topModerateCeiling.p99Ms} ms`,
      });
      const plain = await load({ url: topUrl, connections: SATURATION, duration: Math.max(3, Math.round(ctx.seconds / 2)) });
      const plainCeiling = await load({ url: `${ceiling.url}/top`, connections: SATURATION, duration: Math.max(3, Math.round(ctx.seconds / 2)) });
      rows.push({
        area,
        name: 'GET top 100, no Accept-Encoding (plain JSON)',
        throughput: plain.throughput,
        p50Ms: plain.p50Ms,
        p99Ms: plain.p99Ms,
        ceiling: plainCeiling.throughput,
        note: `${SATURATION} connections; non-2xx ${plain.non2xx}; ${topJson.length} bytes`,
      });

      const deep = await load({
        url: `${ctx.baseUrl}/api/rounds/${roundId}/leaderboard?limit=100&offset=500000`,
        connections: SATURATION,
        duration: ctx.seconds,
      });
      rows.push({
        area,
        name: 'GET page of 100 at offset 500,000 (live ZREVRANGE)',
        throughput: deep.throughput,
        p50Ms: deep.p50Ms,
        p99Ms: deep.p99Ms,
        note: `${SATURATION} connections; non-2xx ${deep.non2xx}`,
      });

      const tokens = Array.from({ length: 2000 }, (_, i) => sign(entryOf((i * 499) % ENTRIES).contestantId, ['contestant']));
      let next = 0;
      const withToken = (path: string): autocannon.Request[] => [
        {
          method: 'GET',
          path,
          setupRequest: (req) => ({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
        },
      ];
      const mePath = `/api/rounds/${roundId}/leaderboard/me`;
      const me = await load({ url: ctx.baseUrl, connections: SATURATION, duration: ctx.seconds, requests: withToken(mePath) });
      const meCeiling = await load({ url: ceiling.url, connections: SATURATION, duration: ctx.seconds, requests: withToken('/me') });
      rows.push({
        area,
        name: 'GET my rank (ZREVRANK + 11 around, JWT)',
        throughput: me.throughput,
        p50Ms: me.p50Ms,
        p99Ms: me.p99Ms,
        ceiling: meCeiling.throughput,
        note: `${SATURATION} connections (saturation; ceiling p99 ${meCeiling.p99Ms} ms); non-2xx ${me.non2xx}; one Redis script call (round, unit, province ranks + 11 around); ceiling = bare Fastify, same JWT verify and the same script`,
      });
      const meModerate = await load({ url: ctx.baseUrl, connections: MODERATE, duration: ctx.seconds, requests: withToken(mePath) });
      const meModerateCeiling = await load({ url: ceiling.url, connections: MODERATE, duration: ctx.seconds, requests: withToken('/me') });
      ceiling.close();
      rows.push({
        area,
        name: `GET my rank, ${MODERATE} connections`,
        throughput: meModerate.throughput,
        p50Ms: meModerate.p50Ms,
        p99Ms: meModerate.p99Ms,
        ceiling: meModerateCeiling.throughput,
        note: `non-2xx ${meModerate.non2xx}; ceiling = bare Fastify, same JWT verify and script at ${MODERATE} connections, p50/p99 ${meModerateCeiling.p50Ms}/${meModerateCeiling.p99Ms} ms`,
      });

      // Watchers while submissions flow (about 300 a second, each a new contestant of the round).
      let submitted = ENTRIES;
      const flow = (seconds: number) => async () => {
        const end = Date.now() + seconds * 1000;
        while (Date.now() < end) {
          const pipe = r.pipeline();
          for (let i = 0; i < 30; i++) {
            const e = entryOf(submitted++);
            pipe.xadd(
              STREAMS.attemptSubmitted,
              'MAXLEN',
              '~',
              '100000',
              '*',
              'data',
              JSON.stringify({
                attemptId: randomUUID(),
                roundId,
                contestantId: e.contestantId,
                unitId: e.unitId,
                province: e.province,
                correct: e.points,
                points: e.points,
                total: 20,
                durationMs: e.durationMs,
                startedAt: e.submittedAt.toISOString(),
                submittedAt: new Date().toISOString(),
                prediction: '100',
              }),
            );
          }
          await pipe.exec();
          await new Promise((res) => setTimeout(res, 100));
        }
      };
      for (const watchers of [1000, 5000]) {
        try {
          const w = await runWatchers(ctx.baseUrl, roundId, watchers, ctx.seconds, flow(ctx.seconds), ctx.pid);
          rows.push({
            area,
            name: `socket.io: ${watchers.toLocaleString('en-US')} watchers of one round, ~300 submissions/s`,
            throughput: w.received ? Math.round(w.received / ctx.seconds) : 0,
            p50Ms: w.p50,
            p99Ms: w.p99,
            peakRssMb: peakRssMb(ctx.pid),
            note: `delivery lag (snapshot built → received; platform on CPU 0, watchers on CPU 1); ${w.connected} connected, ${w.failed} failed; ${w.perWatcherPerSecond} snapshots/watcher/s; ops/s = snapshots delivered/s`,
          });
        } catch (e) {
          rows.push({ area, name: `socket.io: ${watchers} watchers`, note: `failed: ${(e as Error).message}` });
        }
      }

      await loadAttempts(db, roundId, ctx.log);
      const judge = sign(randomUUID(), ['judge']);
      const started = Date.now();
      const res = await fetch(`${ctx.baseUrl}/api/rounds/${roundId}/finalize`, { method: 'POST', headers: { authorization: `Bearer ${judge}` } });
      const body = (await res.json()) as { entries?: number; trueValue?: string; resultsSha256?: string; timingsMs?: Record<string, number> };
      const seconds = (Date.now() - started) / 1000;
      rows.push({
        area,
        name: `finalize ${ATTEMPTS.toLocaleString('en-US')} attempts (PostgreSQL window functions, results SHA-256)`,
        p50Ms: Math.round(seconds * 1000),
        note: `${res.status}: ${body.entries?.toLocaleString('en-US')} entries ranked in ${round(seconds, 1)} s, true value ${body.trueValue}; ms per step ${JSON.stringify(body.timingsMs ?? {})}`,
      });
      rows.push({ area, name: 'platform peak RSS after the leaderboard bench', peakRssMb: peakRssMb(ctx.pid) });
    } finally {
      r.disconnect();
      await db.end();
    }
    return rows;
  },
};
