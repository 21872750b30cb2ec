import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { createRedis } from '@hoi-thi/platform';
import { freePort, privateRedisPrefix, testEnv } from '@hoi-thi/testing';
import { contestant, publishRound, RoundFixture } from '../exam-fixtures';

/**
 * The compiled exam-session service in a child process, killed with SIGKILL while contestants save and submit, then
 * restarted: every answer and submission it acknowledged must be in PostgreSQL, and attempts resume.
 */
const ROOT = resolve(__dirname, '../../../..');
const OUT = resolve(ROOT, `.run/exam-kill-${process.pid}-${randomUUID().slice(0, 6)}`);
// The service's port is picked by the OS for each start (a random fixed range could hit a port in use), and its
// Redis keys are this file's own (the killed process must not leave pending entries in other files' groups).
let BASE = '';
const PREFIX = privateRedisPrefix('exam-kill');

async function startService(): Promise<ChildProcess> {
  const env = testEnv();
  const port = await freePort();
  BASE = `http://127.0.0.1:${port}`;
  return spawn(process.execPath, [resolve(OUT, 'apps/exam-session/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      LOG_LEVEL: 'silent',
      WEB_DIST: '',
      SWAGGER_ENABLED: 'false',
      EXAM_WORKERS: 'on',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits for the child to answer ready: a Nest process starting on two loaded cores can take a while. */
async function ready(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`service exited with ${child.exitCode ?? child.signalCode}`);
    try {
      if ((await fetch(`${BASE}/api/health/ready`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service not ready at ${BASE}/api/health/ready after 90 s`);
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

describe('exam-session killed with SIGKILL under load', () => {
  let pool: Pool;
  let redis: Redis;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    const env = testEnv();
    pool = new Pool({ connectionString: env.DATABASE_URL, max: 3 });
    redis = createRedis(env.REDIS_URL, PREFIX);
    execFileSync(
      process.execPath,
      [resolve(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps/exam-session/src', 'libs', '-d', OUT, '--copy-files', '--quiet', '--ignore', '**/*.spec.ts'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    await pool.end();
    redis.disconnect();
    rmSync(OUT, { recursive: true, force: true });
  }, 60_000);

  it('keeps every acknowledged answer and submission, and resumes after a restart', async () => {
    const fx: RoundFixture = await publishRound(pool, redis, { questions: 12, draw: 6 });
    child = await startService();
    await ready(child);
    const people = Array.from({ length: 16 }, () => contestant());
    const views = await Promise.all(
      people.map(async (p) => {
        const r = await fetch(`${BASE}/api/rounds/${fx.roundId}/attempts`, { method: 'POST', headers: p.headers });
        expect(r.status).toBe(201);
        return (await r.json()) as { attemptId: string; questions: { id: string; options: { id: string }[] }[] };
      }),
    );
    const acked: { attemptId: string; questionId: string; seq: number }[] = [];
    const submitted = new Map<string, { correct: number; submittedAt: string }>();
    let stop = false;
    const worker = async (i: number) => {
      const v = views[i];
      for (let seq = 1; !stop; seq += 1) {
        const q = v.questions[seq % v.questions.length];
        try {
          if (i < 4 && seq === 4) {
            const r = await fetch(`${BASE}/api/attempts/${v.attemptId}/submit`, {
              method: 'POST',
              headers: { ...people[i].headers, 'content-type': 'application/json' },
              body: '{}',
            });
            if (r.status === 200) submitted.set(v.attemptId, (await r.json()) as { correct: number; submittedAt: string });
            return;
          }
          const r = await fetch(`${BASE}/api/attempts/${v.attemptId}/answers/${q.id}`, {
            method: 'PUT',
            headers: { ...people[i].headers, 'content-type': 'application/json' },
            body: JSON.stringify({ optionIds: [q.options[seq % 4].id], seq }),
          });
          if (r.status === 200) acked.push({ attemptId: v.attemptId, questionId: q.id, seq: ((await r.json()) as { seq: number }).seq });
        } catch {
          return; // the process is gone
        }
      }
    };
    const load = Promise.all(views.map((_, i) => worker(i)));
    // Kill mid-load: once some saves and submits were acknowledged, while the others are still coming (a generous
    // deadline: on a loaded machine 100 acknowledged saves can take a while; the checks below say if it was not reached).
    const loadDeadline = Date.now() + 90_000;
    while ((acked.length < 100 || submitted.size < 2) && Date.now() < loadDeadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited(child);
    stop = true;
    await load;
    expect(acked.length).toBeGreaterThanOrEqual(100);
    expect(submitted.size).toBeGreaterThanOrEqual(2);

    // Every acknowledged save is in PostgreSQL (at its seq or a newer one).
    const stored = await pool.query<{ attempt_id: string; question_id: string; seq: number }>(
      'SELECT attempt_id, question_id, seq FROM exam.answers WHERE attempt_id = ANY($1::uuid[])',
      [views.map((v) => v.attemptId)],
    );
    const seqOf = new Map(stored.rows.map((r) => [`${r.attempt_id}/${r.question_id}`, r.seq]));
    const missing = acked.filter((a) => !((seqOf.get(`${a.attemptId}/${a.questionId}`) ?? -1) >= a.seq));
    expect(missing).toEqual([]);
    // Every acknowledged submission is in PostgreSQL with the result it answered, and its outbox row or event exists.
    for (const [attemptId, res] of submitted) {
      const row = await pool.query('SELECT status, correct, submitted_at FROM exam.attempts WHERE id = $1', [attemptId]);
      expect(row.rows[0]).toMatchObject({ status: 'submitted', correct: res.correct });
      expect((row.rows[0].submitted_at as Date).toISOString()).toBe(res.submittedAt);
    }

    // Restart: attempts resume with what PostgreSQL holds; saves go on.
    child = await startService();
    await ready(child);
    // An attempt still active in PostgreSQL: which ones the load submitted depends on how fast the machine was, and a
    // submit the kill cut off may have committed without its answer reaching the client.
    const active = new Set(
      (
        await pool.query<{ id: string }>(`SELECT id FROM exam.attempts WHERE id = ANY($1::uuid[]) AND status = 'active'`, [views.map((v) => v.attemptId)])
      ).rows.map((r) => r.id),
    );
    const i = views.findIndex((v) => active.has(v.attemptId));
    expect(i).toBeGreaterThanOrEqual(0);
    const resumed = (await (await fetch(`${BASE}/api/attempts/${views[i].attemptId}`, { headers: people[i].headers })).json()) as {
      answers: { questionId: string; seq: number }[];
    };
    for (const a of resumed.answers) expect(a.seq).toBe(seqOf.get(`${views[i].attemptId}/${a.questionId}`));
    const q = views[i].questions[0];
    const again = await fetch(`${BASE}/api/attempts/${views[i].attemptId}/answers/${q.id}`, {
      method: 'PUT',
      headers: { ...people[i].headers, 'content-type': 'application/json' },
      body: JSON.stringify({ optionIds: [q.options[0].id], seq: 1_000_000 }),
    });
    expect(await again.json()).toEqual({ saved: true, seq: 1_000_000 });
    child.kill('SIGTERM');
    await exited(child);
  }, 300_000);
});
