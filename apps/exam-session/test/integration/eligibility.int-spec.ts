import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { deleteKeysWithPrefix, dropDatabase } from '@hoi-thi/platform';
import { bearer, privateRedisPrefix, testEnv, testToken } from '@hoi-thi/testing';
import { examKeys } from '../../src/attempts/hot-state.repository';
import { EligibilityService } from '../../src/eligibility/eligibility.service';
import { contestant, createExamApp, ExamTestApp, insertContest, insertContestant, insertUnit, publishRound } from '../exam-fixtures';

type Problem = { status: number; code: string; detail: string; errors?: { field: string; message: string }[] };

/**
 * Who may start: the contest's required profile fields (question_bank.contests.required_fields) and unit tree
 * (unit_tree_root_id) against the contestant's profile (registration.users, registration.units), decided once per
 * (round, contestant) and kept by the Redis gate.
 */
describe('exam-session eligibility (PostgreSQL + Redis)', () => {
  let t: ExamTestApp;
  let root: string;
  let inside: string;
  let outside: string;
  beforeAll(async () => {
    t = await createExamApp({}, { REDIS_KEY_PREFIX: privateRedisPrefix('exam-elig') });
    // A contest's tree: root → ward → cell; and a unit of another tree.
    root = await insertUnit(t.pool);
    inside = await insertUnit(t.pool, await insertUnit(t.pool, root));
    outside = await insertUnit(t.pool, await insertUnit(t.pool));
  });
  afterAll(async () => {
    await t.app.close();
  });

  const start = (roundId: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/attempts`, headers: { ...headers, 'accept-language': 'vi' } });
  const rows = async (roundId: string, sub: string) =>
    (await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2', [roundId, sub])).rows[0].n;
  const strictRound = async () => {
    const contestId = await insertContest(t.pool, { requiredFields: ['citizenId', 'province', 'unit', 'category'], unitTreeRootId: root });
    return publishRound(t.pool, t.redis, { contestId, attemptsAllowed: 5 });
  };

  it('lets a contestant whose profile holds every required field, in a unit under the tree, start', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: inside, citizenIdHash: 'a'.repeat(64) });
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(201);
    expect(await rows(fx.roundId, me.sub)).toBe(1);
    // The decision is kept by the gate for the round.
    expect(await t.redis.hget(examKeys.contestant(fx.roundId, me.sub), 'e')).toBe('ok');
  });

  it('refuses a contestant missing a required field with 403 exam.not-eligible naming the field, and makes no attempt', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: inside, citizenIdHash: null });
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as Problem;
    expect(body).toMatchObject({ code: 'exam.not-eligible', status: 403, detail: 'Bạn không đủ điều kiện tham gia vòng thi này.' });
    expect(body.errors).toEqual([{ field: 'citizenId', message: 'Cuộc thi yêu cầu số căn cước công dân (CCCD); hồ sơ của bạn chưa có.' }]);
    expect(await rows(fx.roundId, me.sub)).toBe(0);
    const en = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: { ...me.headers, 'accept-language': 'en' } });
    expect((en.json() as Problem).errors).toEqual([{ field: 'citizenId', message: 'The contest requires a citizen ID; your profile has none.' }]);
  });

  it('lists every missing field at once', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: null, citizenIdHash: null });
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(403);
    expect((res.json() as Problem).errors!.map((e) => e.field)).toEqual(['citizenId', 'unitId']);
  });

  it("refuses a unit outside the contest's tree, and makes no attempt", async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: outside, citizenIdHash: 'b'.repeat(64) });
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'exam.not-eligible',
      errors: [{ field: 'unitId', message: 'Đơn vị của bạn không thuộc phạm vi tổ chức cuộc thi này.' }],
    });
    expect(await rows(fx.roundId, me.sub)).toBe(0);
  });

  it('refuses an account registration does not know, and a disabled one, when the contest has rules', async () => {
    const fx = await strictRound();
    const stranger = contestant();
    const r1 = await start(fx.roundId, stranger.headers);
    expect(r1.statusCode).toBe(403);
    expect(r1.json()).toMatchObject({ errors: [{ field: 'profile' }] });
    const disabled = await insertContestant(t.pool, { unitId: inside, citizenIdHash: 'c'.repeat(64), disabled: true });
    const r2 = await start(fx.roundId, disabled.headers);
    expect(r2.json()).toMatchObject({ code: 'exam.not-eligible', errors: [{ field: 'account' }] });
  });

  it('lets anyone start in a contest that asks nothing, without a registration profile', async () => {
    const fx = await publishRound(t.pool, t.redis, { contestId: await insertContest(t.pool) });
    expect((await start(fx.roundId, contestant().headers)).statusCode).toBe(201);
  });

  it('keeps a refusal briefly (retries cost no query), then a fixed profile counts', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: inside, citizenIdHash: null });
    expect((await start(fx.roundId, me.headers)).statusCode).toBe(403);
    await t.pool.query(`UPDATE registration.users SET citizen_id_hash = $2 WHERE id = $1`, [me.sub, 'd'.repeat(64)]);
    // Within the refusal's lifetime the gate answers from Redis.
    expect((await start(fx.roundId, me.headers)).statusCode).toBe(403);
    t.clock.advance(EligibilityService.REFUSAL_TTL_MS + 1);
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(201);
    expect(await rows(fx.roundId, me.sub)).toBe(1);
  });

  it('decides once per (round, contestant): a later start does not read the profile again', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: inside, citizenIdHash: 'e'.repeat(64) });
    const first = (await start(fx.roundId, me.headers)).json() as { attemptId: string };
    expect((await t.app.inject({ method: 'POST', url: `/api/attempts/${first.attemptId}/submit`, headers: me.headers, payload: {} })).statusCode).toBe(200);
    await t.pool.query(`UPDATE registration.users SET unit_id = NULL WHERE id = $1`, [me.sub]);
    expect((await start(fx.roundId, me.headers)).statusCode).toBe(201);
    expect(await rows(fx.roundId, me.sub)).toBe(2);
  });

  it('re-decides after Redis lost the contestant key, and still returns an active attempt', async () => {
    const fx = await strictRound();
    const me = await insertContestant(t.pool, { unitId: inside, citizenIdHash: 'f'.repeat(64) });
    const first = (await start(fx.roundId, me.headers)).json() as { attemptId: string };
    await t.redis.del(examKeys.contestant(fx.roundId, me.sub));
    // Even with the profile no longer eligible, the attempt in progress is the contestant's to resume.
    await t.pool.query(`UPDATE registration.users SET unit_id = $2 WHERE id = $1`, [me.sub, outside]);
    const again = await start(fx.roundId, me.headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().attemptId).toBe(first.attemptId);
  });

  it('makes exactly one attempt from 50 simultaneous first starts of an eligible contestant, none for an ineligible one', async () => {
    const fx = await strictRound();
    const ok = await insertContestant(t.pool, { unitId: inside, citizenIdHash: '1'.repeat(64) });
    const no = await insertContestant(t.pool, { unitId: outside, citizenIdHash: '2'.repeat(64) });
    const [good, bad] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => start(fx.roundId, ok.headers))),
      Promise.all(Array.from({ length: 50 }, () => start(fx.roundId, no.headers))),
    ]);
    expect(good.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(good.filter((r) => r.statusCode === 200)).toHaveLength(49);
    expect(new Set(good.map((r) => r.json().attemptId)).size).toBe(1);
    expect(bad.map((r) => r.statusCode)).toEqual(Array(50).fill(403));
    expect(await rows(fx.roundId, ok.sub)).toBe(1);
    expect(await rows(fx.roundId, no.sub)).toBe(0);
  });

  it("refuses a contestant in the round's exclusion set, without a field", async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    await t.redis.sadd(examKeys.ineligible(fx.roundId), me.sub);
    const res = await start(fx.roundId, me.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('exam.not-eligible');
    expect(res.json().errors).toBeUndefined();
  });
});

/**
 * The demo as `npm start` seeds it (scripts/setup.js: every service's migrations and demo seed, compiled as the
 * platform runs them), on a database and Redis prefix of its own: the demo contest requires province, unit and
 * category, and its demo contestants have them.
 */
describe('exam-session eligibility on the seeded demo', () => {
  const ROOT = resolve(__dirname, '../../../..');
  const OUT = resolve(ROOT, `.run/exam-demo-${process.pid}-${randomUUID().slice(0, 6)}`);
  const DEMO_ROUND_OPEN_ID = 'd3e0a000-0000-4000-8000-000000000001';
  const prefix = privateRedisPrefix('exam-demo');
  const demoDb = (() => {
    const u = new URL(testEnv().DATABASE_URL);
    u.pathname = `${u.pathname}_demo`;
    return u.toString();
  })();
  let t: ExamTestApp;
  let pool: Pool;
  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules/@swc/cli/bin/swc.js'),
        'apps',
        'libs',
        'scripts',
        '-d',
        OUT,
        '--copy-files',
        '--quiet',
        '--ignore',
        '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,apps/web/**',
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    execFileSync(process.execPath, [resolve(OUT, 'scripts/setup.js')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: demoDb, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    t = await createExamApp({}, { DATABASE_URL: demoDb, REDIS_KEY_PREFIX: prefix });
    pool = new Pool({ connectionString: demoDb, max: 2 });
  }, 300_000);
  afterAll(async () => {
    await pool?.end();
    await t?.app.close();
    rmSync(OUT, { recursive: true, force: true });
    await dropDatabase(demoDb).catch(() => undefined);
    await deleteKeysWithPrefix(testEnv().REDIS_URL, prefix);
  }, 60_000);

  it('lets the demo contestants start the open demo round, and refuses an account without a unit', async () => {
    const contest = await pool.query(
      `SELECT required_fields FROM question_bank.contests c JOIN question_bank.published_rounds p ON p.contest_id = c.id WHERE p.round_id = $1`,
      [DEMO_ROUND_OPEN_ID],
    );
    expect(contest.rows[0].required_fields).toEqual(['province', 'unit', 'category']);
    const demo = await pool.query<{ id: string; unit_id: string; province_code: string }>(
      `SELECT id, unit_id, province_code FROM registration.users WHERE 'contestant' = ANY (roles) AND email LIKE '%@hoithi.local' ORDER BY phone`,
    );
    expect(demo.rows.length).toBeGreaterThanOrEqual(2);
    for (const u of demo.rows) {
      const headers = bearer(testToken(['contestant'], { sub: u.id, unitId: u.unit_id, province: u.province_code }));
      const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${DEMO_ROUND_OPEN_ID}/attempts`, headers });
      expect([u.id, res.statusCode]).toEqual([u.id, 201]);
      expect(res.json().questions).toHaveLength(10);
    }
    const unitless = await insertContestant(pool, { unitId: null });
    const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${DEMO_ROUND_OPEN_ID}/attempts`, headers: unitless.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'exam.not-eligible',
      errors: [{ field: 'unitId', message: 'Cuộc thi yêu cầu đơn vị công tác/sinh hoạt; hồ sơ của bạn chưa có.' }],
    });
  });
});
