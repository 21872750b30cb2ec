import * as argon2 from 'argon2';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type Redis from 'ioredis';
import { roundKeys } from '@hoi-thi/contracts';
import { accessTokensOf, createRedis, PlatformEnv, validateEnv } from '@hoi-thi/platform';
import { liveKeys } from '../../apps/leaderboard/src/live/live-keys';
import { BenchContext, BenchModule, BenchRow } from './bench-types';
import { load, loadEach, peakRssMb, round } from './bench-lib';
import { publishFixture } from './exam.bench';

/**
 * `npm run bench:million`: a round of a million contestants on this machine.
 * 1. 1,000,000 contestants (+ the closing burst's) into registration.users with PostgreSQL COPY, in 500 units.
 * 2. 1,000,000 submitted attempts of one open round in exam.attempts (one INSERT … SELECT per 250,000).
 * 3. The live board rebuilt from PostgreSQL by the leaderboard itself (the path it takes after Redis lost it),
 *    with the Redis memory it takes per entry.
 * 4. Top-100 reads (as browsers ask, gzip) and my-rank reads of seeded contestants, with p50/p99.
 * 5. The closing burst: MILLION_BURST more contestants start and submit at 200 concurrent connections through
 *    exam-session; how long until the live board has counted every one of them.
 * 6. The round closes; a judge finalizes 1,000,000+ attempts (official ranking in PostgreSQL, results file hash).
 * MILLION_CONTESTANTS and MILLION_BURST scale it down for a smoke run.
 */
const N = Number(process.env.MILLION_CONTESTANTS ?? 1_000_000);
const BURST = Number(process.env.MILLION_BURST ?? 10_000);
const UNITS = 500;
const PROVINCES = 34;
const OPENS_AGO_MS = 20 * 86_400_000;
const PASSWORD = 'HoiThi@Million2026';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Quốc', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hải', 'Lan', 'Linh', 'Nam', 'Phương', 'Quân', 'Thảo', 'Trang', 'Tuấn', 'Yến'];

/** PostgreSQL's `md5(text)::uuid`, so rows made in SQL and in JavaScript agree on ids. */
function uuidOf(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
const contestantId = (i: number) => uuidOf(`mc${i}`);
const unitOf = (i: number) => uuidOf(`mu${i % UNITS}`);
const provinceOf = (i: number) => String((i % PROVINCES) + 1).padStart(2, '0');

/** COPY text lines of contestants [from, to). */
function* userLines(from: number, to: number, hash: string): Generator<string> {
  let chunk = '';
  for (let i = from; i < to; i++) {
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i >> 6) % GIVEN.length]}`;
    const dob = `${1950 + (i % 55)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    chunk += `${contestantId(i)}\t${name}\t${dob}\t08${String(i).padStart(8, '0')}\t${hash}\t${provinceOf(i)}\t${provinceOf(i)}001\t${unitOf(i)}\tother\n`;
    if ((i + 1) % 5000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function seedContestants(pool: Pool, total: number): Promise<{ seconds: number }> {
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  await pool.query(
    `INSERT INTO registration.units (id, code, name, member_count, depth)
     SELECT md5('mu' || g)::uuid, 'MU' || g, 'Chi bộ ' || (g + 1), ${Math.ceil(total / UNITS)}, 0 FROM generate_series(0, ${UNITS - 1}) g
     ON CONFLICT DO NOTHING`,
  );
  const started = Date.now();
  const client = await pool.connect();
  try {
    const copy = client.query(
      copyFrom('COPY registration.users (id, full_name, date_of_birth, phone, password_hash, province_code, ward_code, unit_id, category) FROM STDIN'),
    );
    await pipeline(Readable.from(userLines(0, total, hash)), copy);
  } finally {
    client.release();
  }
  await pool.query('ANALYZE registration.users');
  return { seconds: (Date.now() - started) / 1000 };
}

/** N submitted attempts of the round, one per contestant, spread over the 20 days the round has been open. */
async function seedAttempts(pool: Pool, roundId: string): Promise<{ seconds: number }> {
  const started = Date.now();
  await pool.query('SELECT exam.ensure_round_partition($1)', [roundId]); // as exam-session does before a round's first attempt
  for (let from = 0; from < N; from += 250_000) {
    const to = Math.min(N, from + 250_000) - 1;
    await pool.query(
      `INSERT INTO exam.attempts (id, round_id, contestant_id, unit_id, province, status, correct, points, total, duration_ms,
         started_at, deadline, submitted_at, prediction, attempt_no, seed, draw, max_points, key_version, submitted_by)
       SELECT md5('ma' || g)::uuid, $1::uuid, md5('mc' || g)::uuid, md5('mu' || (g % ${UNITS}))::uuid, lpad(((g % ${PROVINCES}) + 1)::text, 2, '0'),
              'submitted', (g * 7919) % 21, (g * 7919) % 21, 20, 30000 + (g * 104729) % 1170000,
              s - make_interval(secs => (30000 + (g * 104729) % 1170000) / 1000.0), s + interval '1 hour', s,
              CASE WHEN g % 10 = 0 THEN NULL ELSE ((g * 31) % 200000)::numeric / 100 END,
              1, 'bench', '{"questions":[]}'::jsonb, 20, 1, 'contestant'
         FROM generate_series($2::bigint, $3::bigint) g,
              LATERAL (SELECT $4::timestamptz + (g % 1700000) * interval '1 second' + (g % 1000) * interval '1 millisecond' AS s) t`,
      [roundId, from, to, new Date(Date.now() - OPENS_AGO_MS + 60_000).toISOString()],
    );
  }
  await pool.query('ANALYZE exam.attempts');
  return { seconds: (Date.now() - started) / 1000 };
}

async function usedMemory(r: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, everyMs));
  }
}

export const bench: BenchModule = {
  area: 'million',
  optIn: true,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const area = 'million';
    const rows: BenchRow[] = [];
    const env = validateEnv(PlatformEnv, ctx.env);
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
    const redis = createRedis(env.REDIS_URL, env.REDIS_KEY_PREFIX);
    const tokens = accessTokensOf(env, 3600);
    const claimsOf = (i: number) => ({ sub: contestantId(i), roles: ['contestant' as const], unitId: unitOf(i), province: provinceOf(i), name: 'Thí Sinh' });
    try {
      const roundId = await publishFixture(pool, redis, { opensAgoMs: OPENS_AGO_MS });
      const k = liveKeys(roundId);

      // 1–2. Contestants (COPY) and their submitted attempts.
      const users = await seedContestants(pool, N + BURST);
      ctx.log(`contestants: ${(N + BURST).toLocaleString('en-US')} in ${round(users.seconds, 1)} s`);
      rows.push({
        area,
        name: `seed ${(N + BURST).toLocaleString('en-US')} contestants (PostgreSQL COPY, 5 indexes)`,
        throughput: Math.round((N + BURST) / users.seconds),
        note: `${round(users.seconds, 1)} s`,
      });
      const attempts = await seedAttempts(pool, roundId);
      ctx.log(`attempts: ${N.toLocaleString('en-US')} in ${round(attempts.seconds, 1)} s`);
      rows.push({
        area,
        name: `seed ${N.toLocaleString('en-US')} submitted attempts (INSERT … SELECT)`,
        throughput: Math.round(N / attempts.seconds),
        note: `${round(attempts.seconds, 1)} s`,
      });

      // 3. The leaderboard finds no board for the round and rebuilds it from PostgreSQL.
      const before = await usedMemory(redis);
      const rebuildStarted = Date.now();
      const topUrl = `${ctx.baseUrl}/api/rounds/${roundId}/leaderboard?limit=100`;
      await fetch(topUrl);
      await until('the board rebuilt from PostgreSQL', async () => (await redis.exists(k.built)) === 1, 20 * 60_000, 500);
      const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
      const entries = await redis.zcard(k.global);
      const bytes = (await usedMemory(redis)) - before;
      ctx.log(`board rebuilt: ${entries.toLocaleString('en-US')} entries in ${round(rebuildSeconds, 1)} s`);
      rows.push({
        area,
        name: `rebuild the live board from PostgreSQL (${N.toLocaleString('en-US')} attempts)`,
        throughput: Math.round(entries / rebuildSeconds),
        note: `${entries.toLocaleString('en-US')} entries in ${round(rebuildSeconds, 1)} s (what a Redis loss costs)`,
      });
      rows.push({
        area,
        name: 'Redis memory per entry',
        note: `${Math.round(bytes / Math.max(1, entries))} B per contestant, all board keys (${round(bytes / 1048576, 1)} MB for ${entries.toLocaleString('en-US')})`,
      });

      // 4. Reads at a million entries.
      const browser = { 'accept-encoding': 'gzip, deflate, br' };
      await fetch(topUrl);
      const top = await load({ url: topUrl, duration: ctx.seconds, headers: browser });
      rows.push({
        area,
        name: 'GET top 100 (gzip, as browsers ask)',
        throughput: top.throughput,
        p50Ms: top.p50Ms,
        p99Ms: top.p99Ms,
        note: `non-2xx ${top.non2xx}`,
      });
      const signed = Array.from({ length: 2000 }, (_, i) => `Bearer ${tokens.sign(claimsOf((i * 499) % N))}`);
      let next = 0;
      const me = await load({
        url: ctx.baseUrl,
        duration: ctx.seconds,
        requests: [
          {
            method: 'GET',
            path: `/api/rounds/${roundId}/leaderboard/me`,
            setupRequest: (req) => ({ ...req, headers: { authorization: signed[next++ % signed.length] } }),
          },
        ],
      });
      rows.push({
        area,
        name: 'GET my rank (exact, round + unit + province, 11 around)',
        throughput: me.throughput,
        p50Ms: me.p50Ms,
        p99Ms: me.p99Ms,
        note: `non-2xx ${me.non2xx}; 2,000 contestants`,
      });

      // 5. The closing burst: BURST more contestants start, then all submit, 200 at a time.
      const people = Array.from({ length: BURST }, (_, i) => `Bearer ${tokens.sign(claimsOf(N + i))}`);
      const attemptIds: (string | undefined)[] = [];
      const starts = await loadEach({
        url: ctx.baseUrl,
        connections: 200,
        amount: BURST,
        timeout: 60,
        request: (i) => ({ method: 'POST', path: `/api/rounds/${roundId}/attempts`, headers: { authorization: people[i] } }),
        onOk: (i, body) => (attemptIds[i] = (JSON.parse(body) as { attemptId: string }).attemptId),
      });
      rows.push({
        area,
        name: `closing burst: ${BURST.toLocaleString('en-US')} starts (200 concurrent)`,
        throughput: starts.throughput,
        p50Ms: starts.p50Ms,
        p99Ms: starts.p99Ms,
        note: `non-2xx ${starts.non2xx}`,
      });
      const submits = await loadEach({
        url: ctx.baseUrl,
        connections: 200,
        amount: BURST,
        timeout: 60,
        request: (i) => ({
          method: 'POST',
          path: `/api/attempts/${attemptIds[i] ?? randomUUID()}/submit`,
          headers: { authorization: people[i], 'content-type': 'application/json' },
          body: '{"prediction":"4200"}',
        }),
      });
      const lastSubmit = Date.now();
      const counted = await until(
        'the live board to count the burst',
        async () => {
          const n = Number((await redis.hget(k.counters, 'entries')) ?? 0);
          return n >= N + BURST ? n : null;
        },
        5 * 60_000,
        100,
      );
      const catchUp = (Date.now() - lastSubmit) / 1000;
      rows.push({
        area,
        name: `closing burst: ${BURST.toLocaleString('en-US')} submits (200 concurrent)`,
        throughput: submits.throughput,
        p50Ms: submits.p50Ms,
        p99Ms: submits.p99Ms,
        note: `non-2xx ${submits.non2xx}; the live board counted all ${counted.toLocaleString('en-US')} entries ${Math.round(catchUp * 1000)} ms after the last submit (polled every 100 ms)`,
      });

      // 6. The round closes; the judge finalizes.
      const closed = new Date(Date.now() - 1000).toISOString();
      await pool.query(`UPDATE question_bank.published_rounds SET snapshot = jsonb_set(snapshot, '{closesAt}', to_jsonb($2::text)) WHERE round_id = $1`, [
        roundId,
        closed,
      ]);
      const meta = JSON.parse((await redis.get(roundKeys(roundId).meta))!) as { closesAt: string };
      await redis.set(roundKeys(roundId).meta, JSON.stringify({ ...meta, closesAt: closed }));
      const judge = `Bearer ${tokens.sign({ sub: randomUUID(), roles: ['judge'], unitId: null, province: null, name: 'Giám khảo' })}`;
      let res: Response;
      let finalizeMs = 0;
      // The leaderboard caches a round's settings for up to 30 s: ask until it sees the round closed.
      for (let tries = 0; ; tries++) {
        const t0 = Date.now();
        res = await fetch(`${ctx.baseUrl}/api/rounds/${roundId}/finalize`, { method: 'POST', headers: { authorization: judge } });
        finalizeMs = Date.now() - t0;
        if (res.status !== 409 || tries > 40) break;
        await res.text();
        await new Promise((r) => setTimeout(r, 1000));
      }
      const body = (await res.json()) as { entries?: number; resultsSha256?: string; timingsMs?: Record<string, number> };
      rows.push({
        area,
        name: `finalize ${(N + BURST).toLocaleString('en-US')} attempts (official ranking, results SHA-256)`,
        p50Ms: finalizeMs,
        note: `${res.status}: ${body.entries?.toLocaleString('en-US')} entries in ${round(finalizeMs / 1000, 1)} s; ms per step ${JSON.stringify(body.timingsMs ?? {})}`,
      });
      rows.push({ area, name: 'platform peak RSS after the million bench', peakRssMb: peakRssMb(ctx.pid) });
    } finally {
      redis.disconnect();
      await pool.end();
    }
    return rows;
  },
};
