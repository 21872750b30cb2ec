import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { deleteKeysWithPrefix } from '@hoi-thi/platform';
import { createTestApp, privateRedisPrefix } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { LiveBoardService } from '../../src/live/live-board.service';
import { liveKeys } from '../../src/live/live-keys';
import {
  attempt,
  dumpBoard,
  insertRows,
  pg,
  publishRound,
  publishSubmissions,
  redis,
  snapshot,
  storeAttempts,
  TestAttempt,
  waitFor,
  QUICK_RECLAIM,
} from '../support/fixtures';

/** The live board built by the stream consumer, against the real Redis and PostgreSQL. */
jest.setTimeout(120_000);

describe('live board (consumer group on exam.attempt-submitted.v1)', () => {
  let app: NestFastifyApplication;
  let r: Redis;
  let db: Client;
  // A key prefix of this file's own: its stream, consumer group and pending counts are not shared with the other
  // files running beside it (whose consumers would otherwise read these submissions, and whose pending entries
  // would hold up the "nothing pending" waits below).
  const prefix = privateRedisPrefix('live-board');

  beforeAll(async () => {
    db = await pg();
    r = redis(prefix);
    app = await createTestApp([LEADERBOARD_SERVICE], { ...QUICK_RECLAIM, REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await app.close();
    r.disconnect();
    await db.end();
  });

  const counters = (roundId: string) => r.hgetall(liveKeys(roundId).counters);
  const consumed = (roundId: string, attempts: number) => waitFor(async () => Number((await counters(roundId)).attempts ?? 0) >= attempts);

  it('keeps each contestant’s best attempt and never replaces it by a worse one', async () => {
    const round = await publishRound(r, snapshot());
    const contestantId = randomUUID();
    const unitId = randomUUID();
    const base = { contestantId, unitId, province: 'HN' };
    const good = attempt(round.roundId, { ...base, points: 18, correct: 18, durationMs: 70_000, submittedAt: '2022-08-02T03:00:00.000Z' });
    const faster = attempt(round.roundId, { ...base, points: 18, correct: 18, durationMs: 65_000, submittedAt: '2022-08-03T03:00:00.000Z' });
    const worse = attempt(round.roundId, { ...base, points: 15, correct: 15, durationMs: 10_000, submittedAt: '2022-08-04T03:00:00.000Z' });
    const slower = attempt(round.roundId, { ...base, points: 18, correct: 18, durationMs: 90_000, submittedAt: '2022-08-05T03:00:00.000Z' });
    for (const a of [good, faster, worse, slower]) {
      await storeAttempts(db, [a]); // exam commits the attempt, then relays its event
      await publishSubmissions(r, [a]);
      await consumed(round.roundId, [good, faster, worse, slower].indexOf(a) + 1);
    }
    const board = await dumpBoard(r, round.roundId);
    expect(board.best[contestantId]).toMatchObject({ a: faster.attemptId, p: 18, d: 65_000, u: unitId, v: 'HN' });
    expect(board.counters).toEqual({ attempts: '4', entries: '1' });
    expect(board.histogram).toEqual({ '18': '1' });
    expect(board.unitBoards[unitId]).toEqual([contestantId, board.board[1]]);
    expect(board.provinceBoards.HN).toEqual([contestantId, board.board[1]]);

    const res = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/leaderboard?limit=5` });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries).toEqual([
      expect.objectContaining({ rank: 1, position: 1, points: 18, durationMs: 65_000, unitId, province: 'HN', submittedAt: faster.submittedAt }),
    ]);
  });

  it('ends with the same board whatever the order and however many duplicates', async () => {
    const inOrder = await publishRound(r, snapshot());
    const shuffled = await publishRound(r, snapshot());
    const units = [randomUUID(), randomUUID(), null];
    const contestants = Array.from({ length: 40 }, () => ({ id: randomUUID(), unitId: units[Math.floor(Math.random() * 3)] }));
    const make = (roundId: string, seed: TestAttempt[]) => seed.map((a) => ({ ...a, roundId }));
    const template = Array.from({ length: 160 }, (_, i) => {
      const c = contestants[i % contestants.length];
      return attempt('x', {
        attemptId: randomUUID(),
        contestantId: c.id,
        // Contestants move between units and provinces from one attempt to the next: the entry follows the best.
        unitId: i % 5 === 0 ? units[(i / 5) % 3] : c.unitId,
        province: ['HN', 'HCM', null][i % 3],
        points: 5 + (i % 4),
        correct: 5 + (i % 4),
        durationMs: 30_000 + (i % 3) * 1000, // many ties
        submittedAt: `2022-08-0${2 + (i % 3)}T03:00:00.000Z`,
      });
    });
    const first = make(inOrder.roundId, template);
    // Other ids for the copy, in the same byte order (ties between a contestant's attempts go to the smaller id).
    const second = make(shuffled.roundId, template).map((a) => ({ ...a, attemptId: a.attemptId.slice(0, 24) + randomUUID().slice(24) }));
    const sameAttempt = new Map(second.map((a, i) => [a.attemptId, first[i].attemptId]));
    // Both boards exist already (the stream alone builds them; nothing is read from PostgreSQL here).
    await r.set(liveKeys(inOrder.roundId).built, '1');
    await r.set(liveKeys(shuffled.roundId).built, '1');
    await publishSubmissions(r, first);
    const replay = [...second, ...second.slice(0, 60), ...second.slice(100)].sort(() => Math.random() - 0.5);
    await publishSubmissions(r, replay);
    await consumed(inOrder.roundId, first.length);
    await consumed(shuffled.roundId, second.length);
    await publishSubmissions(r, second.slice(0, 30)); // late duplicates change nothing either
    await waitFor(async () => (await r.xpending('exam.attempt-submitted.v1', 'leaderboard'))[0] === 0);
    const { seen: seenA, ...a } = await dumpBoard(r, inOrder.roundId);
    const { seen: seenB, ...b } = await dumpBoard(r, shuffled.roundId);
    for (const d of Object.values(b.best) as { a: string }[]) d.a = sameAttempt.get(d.a)!;
    expect(b.counters).toEqual({ attempts: '160', entries: '40' });
    expect(b).toEqual(a);
    // Each contestant sits in the unit and province boards of their best attempt only, and the counts agree.
    const best = a.best as Record<string, { u: string | null; v: string | null }>;
    for (const [unit, board] of Object.entries(a.unitBoards)) {
      const members = board.filter((_, i) => i % 2 === 0);
      expect(members.every((id) => best[id].u === unit)).toBe(true);
      expect(String(members.length)).toBe(a.units[a.units.indexOf(unit) + 1]);
    }
    for (const [prov, board] of Object.entries(a.provinceBoards)) {
      const members = board.filter((_, i) => i % 2 === 0);
      expect(members.every((id) => best[id].v === prov)).toBe(true);
      expect(String(members.length)).toBe(a.provinces[a.provinces.indexOf(prov) + 1]);
    }
    expect(Object.values(a.unitBoards).flat().length / 2).toBe(Object.values(best).filter((d) => d.u).length);
    expect(Object.values(a.provinceBoards).flat().length / 2).toBe(Object.values(best).filter((d) => d.v).length);
    expect(seenB).toHaveLength(seenA.length);
  });

  it('rebuilds a lost board from PostgreSQL equal to the one before, entry for entry', async () => {
    const round = await publishRound(r, snapshot());
    const unitId = randomUUID();
    await insertRows(db, 'registration.units', [{ id: unitId, name: 'Phường Ba Đình', member_count: 40 }]);
    const people = Array.from({ length: 30 }, (_, i) => ({ id: randomUUID(), full_name: i % 2 ? 'Nguyễn Văn Thử' : 'trần thị  bích ngọc' }));
    await insertRows(
      db,
      'registration.users',
      people.map((p) => ({ id: p.id, full_name: p.full_name })),
    );
    const attempts = Array.from({ length: 90 }, (_, i) =>
      attempt(round.roundId, {
        contestantId: people[i % 30].id,
        unitId: i % 2 ? unitId : null,
        province: i % 30 < 10 ? 'HN' : null,
        points: i % 7,
        correct: i % 7,
        durationMs: 20_000 + (i % 5) * 100,
        submittedAt: `2022-08-1${i % 10}T03:00:0${i % 3}.${String(i).padStart(3, '0')}Z`,
      }),
    );
    attempts.forEach((a) => (a.unitId = people.findIndex((p) => p.id === a.contestantId) % 2 ? unitId : null));
    await storeAttempts(db, attempts);
    await publishSubmissions(r, attempts);
    await consumed(round.roundId, attempts.length);
    const before = await dumpBoard(r, round.roundId);
    expect(new Set(Object.values(before.best).map((d) => (d as { n: string }).n))).toEqual(new Set(['Nguyễn V. T.', 'trần T. B. N.']));

    // Redis loses the round (FLUSHALL, restart without persistence): only this round's keys, other tests run beside.
    // (Scanned on every master, so this also holds on a Redis Cluster.)
    expect(await deleteKeysWithPrefix(process.env.REDIS_URL!, `${prefix}{r:${round.roundId}}:lb`)).toBeGreaterThan(5);
    expect(await r.exists(liveKeys(round.roundId).global)).toBe(0);

    // Readers notice within seconds (and the consumer at the next submission): the board comes back by itself.
    const built = await waitFor(
      async () => {
        const res = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/leaderboard?limit=10&offset=10` });
        expect(res.statusCode).toBe(200);
        return (await r.exists(liveKeys(round.roundId).built)) === 1;
      },
      60_000,
      250,
    );
    expect(built).toBe(true);
    await app.get(LiveBoardService).ensureBuilt(round.roundId);
    const after = await dumpBoard(r, round.roundId);
    expect(after).toEqual(before);
  });

  it('keeps consuming after Redis came back empty (the stream and its consumer group gone with it)', async () => {
    const round = await publishRound(r, snapshot());
    const first = attempt(round.roundId, { points: 4, correct: 4 });
    await storeAttempts(db, [first]);
    await publishSubmissions(r, [first]);
    await consumed(round.roundId, 1);
    // What a restart without persistence does to this file's keys: the stream (and so the group) and the board go.
    expect(await deleteKeysWithPrefix(process.env.REDIS_URL!, prefix)).toBeGreaterThan(0);
    await publishRound(r, snapshot({ roundId: round.roundId }));
    expect(await r.exists('exam.attempt-submitted.v1')).toBe(0);
    // The next submission reaches the board: the consumer makes its group again, the board is rebuilt from
    // PostgreSQL (the first attempt) and the new one applied.
    const second = attempt(round.roundId, { points: 9, correct: 9 });
    await storeAttempts(db, [second]);
    await publishSubmissions(r, [second]);
    await waitFor(async () => (await r.zcard(liveKeys(round.roundId).global)) === 2);
    await waitFor(async () => (await r.xpending('exam.attempt-submitted.v1', 'leaderboard'))[0] === 0);
  });

  it('leaves a disqualified contestant off the board, now and after a rebuild', async () => {
    const round = await publishRound(r, snapshot());
    const cheat = attempt(round.roundId, { points: 20, correct: 20, durationMs: 1000 });
    const honest = attempt(round.roundId, { points: 12, correct: 12 });
    await storeAttempts(db, [cheat, honest]);
    await publishSubmissions(r, [cheat, honest]);
    await consumed(round.roundId, 2);
    await db.query(`INSERT INTO leaderboard.disqualifications (round_id, contestant_id, reason, disqualified_by) VALUES ($1, $2, 'quá nhanh', $3)`, [
      round.roundId,
      cheat.contestantId,
      randomUUID(),
    ]);
    const service = app.get(LiveBoardService);
    await service.disqualify(round.roundId, cheat.contestantId);
    expect(await r.zrevrange(liveKeys(round.roundId).global, 0, -1)).toEqual([honest.contestantId]);
    await service.rebuild(round.roundId, { force: true });
    expect(await r.zrevrange(liveKeys(round.roundId).global, 0, -1)).toEqual([honest.contestantId]);
    const again = attempt(round.roundId, { contestantId: cheat.contestantId, points: 20, correct: 20 });
    await storeAttempts(db, [again]);
    await publishSubmissions(r, [again]);
    await waitFor(async () => (await r.xpending('exam.attempt-submitted.v1', 'leaderboard'))[0] === 0);
    expect(await r.zrevrange(liveKeys(round.roundId).global, 0, -1)).toEqual([honest.contestantId]);
  });

  it('answers my rank exactly, with the entries around it, and stats for judges', async () => {
    const round = await publishRound(r, snapshot());
    const attempts = Array.from({ length: 25 }, (_, i) => attempt(round.roundId, { points: 25 - i, correct: 25 - i, unitId: null, province: 'DN' }));
    await storeAttempts(db, attempts);
    await publishSubmissions(r, attempts);
    await consumed(round.roundId, 25);
    const me = attempts[12];
    const { testToken, bearer } = await import('@hoi-thi/testing');
    const res = await app.inject({
      method: 'GET',
      url: `/api/rounds/${round.roundId}/leaderboard/me`,
      headers: bearer(testToken(['contestant'], { sub: me.contestantId })),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entry).toMatchObject({ rank: 13, position: 13, points: 13 });
    expect(body.around.map((e: { position: number }) => e.position)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(body.province).toMatchObject({ province: 'DN', rank: 13, total: 25 });
    expect(body.total).toBe(25);

    const stats = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/stats`, headers: bearer(testToken(['judge'])) });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().counters).toMatchObject({ attempts: 25, validEntries: 25 });
    expect(stats.json().histogram).toHaveLength(25);
    expect(stats.json().provinces).toEqual([{ province: 'DN', entries: 25 }]);
  });

  it('re-ranks the round from PostgreSQL on question-bank.key-corrected.v1: live board and official ranking', async () => {
    const round = await publishRound(r, snapshot({ prediction: null, rankingRule: ['points', 'duration', 'submittedAt'] }));
    const first = attempt(round.roundId, { points: 9, correct: 9, durationMs: 50_000 });
    const second = attempt(round.roundId, { points: 8, correct: 8, durationMs: 10_000 });
    await storeAttempts(db, [first, second]);
    await publishSubmissions(r, [first, second]);
    await consumed(round.roundId, 2);
    const { testToken, bearer } = await import('@hoi-thi/testing');
    expect((await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: bearer(testToken(['judge'])) })).statusCode).toBe(200);
    // The erratum makes the second attempt's answer right: exam-session regrades it in PostgreSQL.
    await db.query('UPDATE exam.attempts SET points = 10, correct = 10 WHERE id = $1', [second.attemptId]);
    await r.xadd(
      'question-bank.key-corrected.v1',
      '*',
      'data',
      JSON.stringify({
        questionId: randomUUID(),
        questionVersionId: randomUUID(),
        roundIds: [round.roundId],
        correctOptionIds: ['o1'],
        correctedBy: randomUUID(),
        correctedAt: new Date().toISOString(),
      }),
    );
    await waitFor(async () => (await r.zrevrange(liveKeys(round.roundId).global, 0, 0))[0] === second.contestantId, 60_000, 200);
    const log = await waitFor(
      async () => {
        const rows = await db.query(`SELECT kind, same_as_previous FROM leaderboard.computations WHERE round_id = $1 ORDER BY id`, [round.roundId]);
        return rows.rows.length === 2 && rows.rows;
      },
      60_000,
      200,
    );
    expect(log).toEqual([
      { kind: 'finalize', same_as_previous: null },
      { kind: 'regrade', same_as_previous: false },
    ]);
    const official = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/final` });
    expect(official.json().items.map((e: { attemptId: string }) => e.attemptId)).toEqual([second.attemptId, first.attemptId]);
  });
});
