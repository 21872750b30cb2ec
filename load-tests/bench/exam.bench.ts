import 'reflect-metadata';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AnswerKeyV1, roundKeys, RoundSnapshotV1, SnapshotQuestionV1 } from '@hoi-thi/contracts';
import { accessTokensOf, createRedis, PlatformEnv, validateEnv } from '@hoi-thi/platform';
import { AnswerCommitter } from '../../apps/exam-session/src/answers/answer-committer';
import { decodeOptionMap } from '../../apps/exam-session/src/attempts/attempt-draw';
import { examKeys } from '../../apps/exam-session/src/attempts/hot-state.repository';
import { BenchContext, BenchModule, BenchRow } from './bench-types';
import { EachRequest, load, loadEach, LoadResult, paced, peakRssMb } from './bench-lib';

/**
 * The exam path at 200 concurrent contestants: answer saves (each acknowledged only after its PostgreSQL group
 * commit) and submits (scored, result + outbox row in one transaction), with p50/p99. In the same run, the
 * ceiling: a bare Fastify server in its own process doing the same Redis read (HMGET of the attempt's hot hash)
 * and the same group-commit write (exam-session's AnswerCommitter, same SQL, same pool size), so ours/ceiling is
 * printed. The round fixture is published as question-bank would (PostgreSQL + Redis).
 */
const CONTESTANTS = 200;
const QUESTIONS = 60;
const DRAWN = 20;

interface Started {
  attemptId: string;
  questions: { id: string; options: string[] }[];
}

export const bench: BenchModule = {
  area: 'exam',
  async run(ctx) {
    const env = validateEnv(PlatformEnv, ctx.env);
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
    const redis = createRedis(env.REDIS_URL, env.REDIS_KEY_PREFIX);
    const tokens = accessTokensOf(env, 3600);
    const rows: BenchRow[] = [];
    let ceiling: ChildProcess | undefined;
    try {
      const roundId = await publishFixture(pool, redis);
      const submitters = Math.round(1600 * ctx.seconds);
      const people = Array.from({ length: CONTESTANTS + submitters }, () => {
        const sub = randomUUID();
        return { sub, auth: `Bearer ${tokens.sign({ sub, roles: ['contestant'], unitId: null, province: '01', name: 'Thí Sinh' })}` };
      });
      ctx.log(`round ${roundId}: ${QUESTIONS} questions, ${DRAWN} drawn per attempt; ${people.length.toLocaleString('en-US')} contestants`);

      // 1. Starts: every contestant starts one attempt (Lua gate, draw, PostgreSQL insert).
      const started: (Started | undefined)[] = Array.from({ length: people.length }, () => undefined);
      const starts = await loadEach({
        url: ctx.baseUrl,
        connections: CONTESTANTS,
        amount: people.length,
        request: (i) => ({ method: 'POST', path: `/api/rounds/${roundId}/attempts`, headers: { authorization: people[i % people.length].auth } }),
        onOk: (i, body) => {
          const v = JSON.parse(body) as { attemptId: string; questions: { id: string; options: { id: string }[] }[] };
          started[i] = { attemptId: v.attemptId, questions: v.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) })) };
        },
      });
      rows.push(row('start an attempt (Lua gate + draw + PostgreSQL insert)', starts, `${starts.total} starts, non-2xx ${starts.non2xx}`));
      const savers = started.slice(0, CONTESTANTS);
      const missing = savers.filter((s) => !s).length;
      if (missing)
        throw new Error(`${missing} of the ${CONTESTANTS} saving contestants have no attempt (starts: non-2xx ${starts.non2xx}, errors ${starts.errors})`);

      // 2. The ceiling, in its own process (the load generator must not share its event loop).
      const port = Number(ctx.baseUrl.split(':').pop()) + 50;
      ceiling = spawn(process.execPath, [__filename, '--exam-ceiling'], {
        env: { ...ctx.env, CEILING_PORT: String(port), CEILING_ROUND: roundId },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      await waitFor(`http://127.0.0.1:${port}/ready`);

      const seqs = new Array<number>(CONTESTANTS).fill(0);
      const saveRequest =
        (seqBase: number) =>
        (i: number): EachRequest => {
          const k = i % CONTESTANTS;
          const s = savers[k]!;
          const seq = (seqs[k] += 1);
          const q = s.questions[seq % s.questions.length];
          return {
            method: 'PUT',
            path: `/api/attempts/${s.attemptId}/answers/${q.id}`,
            headers: { authorization: people[k].auth, 'content-type': 'application/json' },
            body: JSON.stringify({ optionIds: [q.options[seq % q.options.length]], seq: seqBase + seq }),
          };
        };
      const saveLoad = (baseUrl: string, seqBase: number) => {
        const request = saveRequest(seqBase);
        let n = 0;
        return load({
          url: baseUrl,
          connections: CONTESTANTS,
          duration: ctx.seconds,
          timeout: 30,
          requests: [{ setupRequest: (req) => ({ ...req, ...request(n++) }) }],
        });
      };
      // Warm both (JIT, pools, prepared statements), then measure the ceiling and ours back to back.
      await load({ url: `http://127.0.0.1:${port}`, connections: 50, duration: 1, requests: [{ method: 'GET', path: '/ready' }] });
      const ceil = await saveLoad(`http://127.0.0.1:${port}`, 0);
      const saves = await saveLoad(ctx.baseUrl, 100_000_000);
      rows.push({
        ...row('answer save, acknowledged after PostgreSQL commit (200 contestants)', saves, `non-2xx ${saves.non2xx}, errors ${saves.errors}`),
        ceiling: ceil.throughput,
      });
      rows.push(row('ceiling: bare Fastify, same HMGET + same group commit', ceil, `non-2xx ${ceil.non2xx}, errors ${ceil.errors}`));
      // At saturation 200 connections queue (Little's law: 200 in flight at 5,000/s is 40 ms each on average), so the
      // latency a contestant sees on a busy but not saturated server is measured at fixed offered rates too:
      // open-loop, evenly spaced, latency counted from when each request was due.
      const offered = Math.round((saves.throughput * 0.6) / 100) * 100;
      for (const [i, rate] of [offered, Math.round((saves.throughput * 0.85) / 100) * 100].entries()) {
        if (rate <= 0) continue;
        const at = (url: string, seqBase: number) => paced({ url, rate, seconds: ctx.seconds, connections: CONTESTANTS, request: saveRequest(seqBase) });
        const ceil = await at(`http://127.0.0.1:${port}`, 300_000_000 * (i + 1));
        const p = await at(ctx.baseUrl, 200_000_000 * (i + 1));
        rows.push({
          ...row(
            `answer save at ${rate.toLocaleString('en-US')}/s offered (${i ? 85 : 60}% of the saturated rate)`,
            p,
            `non-2xx ${p.non2xx}, errors ${p.errors}; 200 contestants' sockets, open-loop, evenly spaced`,
          ),
          note: `non-2xx ${p.non2xx}, errors ${p.errors}; open-loop, evenly spaced over 200 sockets; the ceiling at this rate: p50 ${ceil.p50Ms} ms, p99 ${ceil.p99Ms} ms`,
        });
      }
      ceiling.kill('SIGTERM');
      ceiling = undefined;

      // 3. Submits: each of the other contestants submits once (5 saved answers each, scored against the key).
      const subs = started.slice(CONTESTANTS).filter((s): s is Started => !!s);
      await pool.query(
        `INSERT INTO exam.answers (attempt_id, question_id, round_id, option_ids, seq, first_answered_at, last_answered_at)
         SELECT a.id, q->>'id', a.round_id, jsonb_build_array(q->'options'->0), 1, now(), now()
         FROM exam.attempts a, LATERAL (SELECT value FROM jsonb_array_elements(a.draw->'questions') LIMIT 5) AS x(q)
         WHERE a.id = ANY($1::uuid[]) ON CONFLICT DO NOTHING`,
        [subs.map((s) => s.attemptId)],
      );
      const submits = await loadEach({
        url: ctx.baseUrl,
        connections: CONTESTANTS,
        amount: subs.length,
        request: (i) => ({
          method: 'POST',
          path: `/api/attempts/${subs[i % subs.length].attemptId}/submit`,
          headers: { authorization: people[CONTESTANTS + (i % subs.length)].auth, 'content-type': 'application/json' },
          body: JSON.stringify({ prediction: `${i % 5000}.5` }),
        }),
      });
      const done = await pool.query<{ n: string; outbox: string }>(
        `SELECT count(*) FILTER (WHERE status = 'submitted') AS n, (SELECT count(*) FROM exam.outbox) AS outbox FROM exam.attempts WHERE round_id = $1`,
        [roundId],
      );
      rows.push(
        row(
          'submit: score + result + outbox row in one transaction (micro-batched)',
          submits,
          `${subs.length} attempts, ${done.rows[0].n} submitted in PostgreSQL, outbox backlog ${done.rows[0].outbox}, non-2xx ${submits.non2xx}`,
        ),
      );
      rows.push({
        area: 'exam',
        name: 'platform peak RSS after the exam bench',
        peakRssMb: peakRssMb(ctx.pid),
        note: 'shared 2-core machine: load generator, platform, PostgreSQL, Redis',
      });
      return rows;
    } finally {
      ceiling?.kill('SIGTERM');
      await pool.end();
      redis.disconnect();
    }
  },
};

function row(name: string, r: LoadResult, note: string): BenchRow {
  return { area: 'exam', name, throughput: r.throughput, p50Ms: r.p50Ms, p99Ms: r.p99Ms, note };
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** Publishes an open round of QUESTIONS questions (DRAWN drawn per attempt) as question-bank would: PostgreSQL + Redis. */
export async function publishFixture(pool: Pool, redis: Redis, opts: { opensAgoMs?: number } = {}): Promise<string> {
  const roundId = randomUUID();
  const questions: SnapshotQuestionV1[] = Array.from({ length: QUESTIONS }, (_, i) => ({
    id: randomUUID(),
    topic: `Chương ${(i % 4) + 1}`,
    difficulty: (['easy', 'medium', 'hard'] as const)[i % 3],
    kind: 'single',
    text: `Câu hỏi ${i + 1} về Nghị quyết 15-NQ/TW?`,
    options: ['A', 'B', 'C', 'D'].map((l) => ({ id: randomUUID(), text: `Phương án ${l}` })),
    points: 1,
  }));
  const key: AnswerKeyV1 = Object.fromEntries(questions.map((q) => [q.id, { correctOptionIds: [q.options[0].id], explanation: null }]));
  const now = Date.now();
  const snapshot: RoundSnapshotV1 = {
    roundId,
    contestId: randomUUID(),
    title: 'Bench',
    opensAt: new Date(now - (opts.opensAgoMs ?? 3600_000)).toISOString(),
    closesAt: new Date(now + 7 * 86400_000).toISOString(),
    timeLimitSeconds: 3600,
    attemptsAllowed: null,
    // Five questions from each chapter, as organizers write blueprints (cells do not overlap).
    blueprint: [1, 2, 3, 4].map((c) => ({ topic: `Chương ${c}`, difficulty: '*' as const, count: DRAWN / 4 })),
    questions,
    scoring: { partialCredit: 'all-or-nothing' },
    prediction: { enabled: true, target: 'perfect-scorers', wording: 'Bao nhiêu người trả lời đúng tất cả?', tieSide: 'under', decimals: 0 },
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
    revealPolicy: 'after-close',
    practice: false,
    publishedAt: new Date(now).toISOString(),
    keyVersion: 1,
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // question-bank's own rows (rounds) are not part of the contract: skip its foreign key for the fixture.
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(
      'INSERT INTO question_bank.published_rounds (round_id, contest_id, snapshot, answer_key, key_version, published_at) VALUES ($1, $2, $3, $4, 1, now())',
      [roundId, snapshot.contestId, JSON.stringify(snapshot), JSON.stringify(key)],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await redis.set(roundKeys(roundId).meta, JSON.stringify(snapshot));
  await redis.set(roundKeys(roundId).key, JSON.stringify(key));
  return roundId;
}

/** The ceiling server: no Nest, no auth, no validation library; the same Redis read and the same group commit. */
async function startCeiling(): Promise<void> {
  const env = validateEnv(PlatformEnv, process.env);
  const roundId = process.env.CEILING_ROUND!;
  const redis = createRedis(env.REDIS_URL, env.REDIS_KEY_PREFIX);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(process.env.EXAM_PG_POOL_SIZE ?? 10) });
  const committer = new AnswerCommitter(pool, {
    maxBatch: Number(process.env.EXAM_COMMIT_MAX_BATCH ?? 1000),
    concurrency: Number(process.env.EXAM_COMMIT_CONCURRENCY ?? 3),
  });
  const app = Fastify({ logger: false });
  app.get('/ready', async () => ({ ok: true }));
  app.put('/api/attempts/:id/answers/:questionId', async (req, reply) => {
    const { id, questionId } = req.params as { id: string; questionId: string };
    const body = req.body as { optionIds: string[]; seq: number };
    const [owner, status, deadline, options] = await redis.hmget(examKeys.attempt(roundId, id), 'c', 's', 'd', `o:${questionId}`);
    if (!owner || !options || status !== 'active' || Date.now() > Number(deadline) + 2000) return reply.code(409).send({ saved: false });
    const map = decodeOptionMap(options);
    const r = await committer.save({
      attemptId: id,
      roundId,
      questionId,
      optionIds: body.optionIds.map((o) => map.toReal.get(o)!),
      seq: body.seq,
      at: new Date(),
    });
    return reply.header('content-type', 'application/json; charset=utf-8').send(`{"saved":true,"seq":${r.seq}}`);
  });
  await app.listen({ port: Number(process.env.CEILING_PORT), host: '127.0.0.1' });
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => Promise.all([pool.end(), redis.quit()]))
        .finally(() => process.exit(0)),
  );
}

if (process.argv.includes('--exam-ceiling')) {
  startCeiling().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

export type { BenchContext };
