import { AnswerKeyV1, roundKeys, RoundSnapshotV1 } from '@hoi-thi/contracts';
import { checkBlueprint } from '@hoi-thi/domain';
import { testEnv } from '@hoi-thi/testing';
import { DEMO_BANK_ID, DEMO_CONTEST_ID, DEMO_ROUND_OPEN_ID, DEMO_ROUND_UPCOMING_ID } from '../../src/seed/demo-ids';
import { demoQuestions, loadDemoFile, seedQuestionBank } from '../../src/seed/demo-seed';
import { pg, testRedis } from '../helpers';

describe('question-bank demo seed', () => {
  const env = testEnv();
  const ctx = { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, redisKeyPrefix: env.REDIS_KEY_PREFIX, demoPassword: 'x', log: () => undefined };

  it('turns every demo question into a valid question, and the demo blueprint fits the bank', () => {
    const file = loadDemoFile();
    const questions = demoQuestions(file);
    expect(questions).toHaveLength(file.questions.length);
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(questions.map((q) => q.questionId)).size).toBe(questions.length);
    expect(demoQuestions(file)[0]).toEqual(questions[0]); // name-based ids: the same on every run
    const counts = new Map<string, number>();
    for (const q of questions) counts.set(`${q.content.topic}|${q.content.difficulty}`, (counts.get(`${q.content.topic}|${q.content.difficulty}`) ?? 0) + 1);
    const pool = [...counts].map(([k, count]) => ({ topic: k.split('|')[0], difficulty: k.split('|')[1], count }));
    expect(checkBlueprint(pool, file.contest.blueprint)).toEqual([]);
    expect(file.contest.blueprint.reduce((s, c) => s + c.count, 0)).toBe(10);
  });

  it('seeds the contest with an open and an upcoming published round, idempotently, reloading Redis every run', async () => {
    const redis = testRedis();
    const db = await pg();
    try {
      await seedQuestionBank(ctx);
      await seedQuestionBank(ctx);
      const count = await db.query(`SELECT count(*)::int AS n FROM question_bank.questions WHERE bank_id = $1`, [DEMO_BANK_ID]);
      expect(count.rows[0].n).toBe(loadDemoFile().questions.length);
      const contest = await db.query(`SELECT title, published FROM question_bank.contests WHERE id = $1`, [DEMO_CONTEST_ID]);
      expect(contest.rows[0]).toEqual({ title: 'Tìm hiểu Nghị quyết 15-NQ/TW', published: true });
      const rounds = await db.query(
        `SELECT id, status, opens_at, closes_at, time_limit_seconds, attempts_allowed FROM question_bank.rounds WHERE contest_id = $1 ORDER BY opens_at`,
        [DEMO_CONTEST_ID],
      );
      expect(rounds.rows.map((r) => [r.id, r.status, r.time_limit_seconds, r.attempts_allowed])).toEqual([
        [DEMO_ROUND_OPEN_ID, 'published', 900, 3],
        [DEMO_ROUND_UPCOMING_ID, 'published', 900, 3],
      ]);
      const now = Date.now();
      expect(rounds.rows[0].opens_at.getTime()).toBeLessThan(now);
      expect(rounds.rows[0].closes_at.getTime()).toBeGreaterThan(now + 6 * 86_400_000);
      expect(rounds.rows[1].opens_at.getTime()).toBeGreaterThan(now);

      const k = roundKeys(DEMO_ROUND_OPEN_ID);
      await redis.del(k.meta, k.key);
      await seedQuestionBank(ctx);
      const meta = JSON.parse((await redis.get(k.meta))!) as RoundSnapshotV1;
      const key = JSON.parse((await redis.get(k.key))!) as AnswerKeyV1;
      expect(meta).toMatchObject({ roundId: DEMO_ROUND_OPEN_ID, contestId: DEMO_CONTEST_ID, timeLimitSeconds: 900, attemptsAllowed: 3 });
      expect(meta.prediction).toMatchObject({ enabled: true, target: 'perfect-scorers' });
      expect(meta.questions.length).toBeGreaterThanOrEqual(40);
      expect(Object.keys(key)).toHaveLength(meta.questions.length);
      expect(await redis.exists(roundKeys(DEMO_ROUND_UPCOMING_ID).meta)).toBe(1);

      // Near its close, a later seed extends the open round (and its frozen snapshot) by 7 days.
      await db.query(`UPDATE question_bank.rounds SET closes_at = now() + interval '1 hour' WHERE id = $1`, [DEMO_ROUND_OPEN_ID]);
      await seedQuestionBank(ctx);
      const extended = await db.query(
        `SELECT r.closes_at, p.snapshot->>'closesAt' AS snap FROM question_bank.rounds r JOIN question_bank.published_rounds p ON p.round_id = r.id WHERE r.id = $1`,
        [DEMO_ROUND_OPEN_ID],
      );
      expect(extended.rows[0].closes_at.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
      expect(new Date(extended.rows[0].snap).getTime()).toBe(extended.rows[0].closes_at.getTime());
      expect(JSON.parse((await redis.get(k.meta))!).closesAt).toBe(extended.rows[0].snap);
    } finally {
      redis.disconnect();
      await db.end();
    }
  }, 120_000);
});
