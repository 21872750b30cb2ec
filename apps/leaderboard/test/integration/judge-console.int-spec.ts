import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { bearer, createTestApp, testToken } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { attempt, insertRows, pg, publishRound, redis, snapshot, storeAttempts } from '../support/fixtures';

/**
 * The judge console and the prizes over HTTP, every answer held to its contract by the contract check (the suite
 * runs with CONTRACT_CHECK=contracted): the attempts list walked page by page through its keyset cursor, one
 * attempt inspected, the flags, the what-if, a disqualification and its audit entry, then prizes from the ranking.
 */
jest.setTimeout(120_000);

describe('judge console and prizes', () => {
  let app: NestFastifyApplication;
  let r: Redis;
  let db: Client;
  const judge = bearer(testToken(['judge']));

  beforeAll(async () => {
    db = await pg();
    r = redis();
    app = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CONSUMER: 'false' });
  });
  afterAll(async () => {
    await app?.close();
    r?.disconnect();
    await db?.end();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: judge });
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers: judge });

  it('pages the attempts by cursor, inspects one, flags, disqualifies, audits, finalizes and awards prizes', async () => {
    const round = await publishRound(r, snapshot());
    const base = `/api/rounds/${round.roundId}`;
    // Two attempts submitted in the same millisecond (the id breaks the tie), one too fast, one still active.
    const fast = attempt(round.roundId, { points: 20, correct: 20, durationMs: 1000, submittedAt: '2022-08-02T03:00:00.000Z' });
    const tiedA = attempt(round.roundId, { points: 12, correct: 12, submittedAt: '2022-08-02T04:00:00.000Z' });
    const tiedB = attempt(round.roundId, { points: 11, correct: 11, submittedAt: '2022-08-02T04:00:00.000Z' });
    const late = attempt(round.roundId, { points: 15, correct: 15, submittedAt: '2022-08-02T05:00:00.000Z' });
    const active = attempt(round.roundId, { status: 'active' });
    await storeAttempts(db, [fast, tiedA, tiedB, late, active]);
    await db.query(`UPDATE exam.attempts SET ip = '10.0.0.7', user_agent = 'Thử/1.0' WHERE round_id = $1`, [round.roundId]);
    await insertRows(db, 'exam.answers', [
      {
        attempt_id: fast.attemptId,
        round_id: round.roundId,
        question_id: 'q1',
        option_ids: JSON.stringify(['a']),
        seq: 1,
        first_answered_at: '2022-08-02T02:59:59.500Z',
        last_answered_at: '2022-08-02T02:59:59.600Z',
      },
    ]);
    await insertRows(db, 'exam.attempt_events', [{ attempt_id: fast.attemptId, type: 'blur', server_at: '2022-08-02T02:59:59.700Z' }]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`${base}/judge/attempts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      const body = page.json() as { items: { id: string; contestantName: string | null; flags: { fast: boolean } }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((a) => a.id));
      cursor = body.nextCursor;
    } while (cursor);
    const [first, second] = [tiedA, tiedB].sort((a, b) => (a.attemptId < b.attemptId ? -1 : 1));
    expect(seen).toEqual([fast.attemptId, first.attemptId, second.attemptId, late.attemptId, active.attemptId]);
    expect((await get(`${base}/judge/attempts?cursor=bm9wZQ`)).statusCode).toBe(400);

    const detail = await get(`${base}/judge/attempts/${fast.attemptId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      attempt: { id: fast.attemptId, contestant_id: fast.contestantId, status: 'submitted', duration_ms: 1000, prediction: '100' },
      ip: '10.0.0.7',
      device: 'Thử/1.0',
      focusLosses: 1,
      answers: [{ questionId: 'q1', optionIds: ['a'] }],
      events: [{ type: 'blur', clientAt: null }],
      flags: { fast: true },
    });
    expect(detail.json()).not.toHaveProperty('related');

    const flags = await get(`${base}/judge/flags`);
    expect(flags.statusCode).toBe(200);
    expect(flags.json().fast.map((f: { attemptId: string }) => f.attemptId)).toEqual([fast.attemptId]);
    expect(flags.json().sharedAddresses).toEqual([expect.objectContaining({ ip: '10.0.0.7', accounts: 5 })]);

    const whatIf = await get(`${base}/judge/what-if?delta=1&limit=10`);
    expect(whatIf.statusCode).toBe(200);
    expect(whatIf.json().entries.length).toBe(4);

    const dq = await post(`${base}/disqualifications`, { contestantId: fast.contestantId, reason: 'Làm bài nhanh bất thường' });
    expect(dq.statusCode).toBe(201);
    expect((await post(`${base}/disqualifications`, { contestantId: fast.contestantId, reason: 'lần nữa' })).statusCode).toBe(409);
    const list = await get(`${base}/disqualifications`);
    expect(list.json()).toEqual({
      items: [expect.objectContaining({ contestantId: fast.contestantId, reason: 'Làm bài nhanh bất thường' })],
      nextCursor: null,
    });

    expect((await post(`${base}/finalize`, {})).statusCode).toBe(200);
    const awarded = await post(`${base}/prizes`, {
      ladder: [
        { prize: 'Giải Nhất', count: 1 },
        { prize: 'Giải Nhì', count: 2 },
      ],
    });
    expect(awarded.statusCode).toBe(200);
    expect(awarded.json().awards.map((a: { attemptId: string }) => a.attemptId)).toEqual([late.attemptId, tiedA.attemptId, tiedB.attemptId]);
    expect(awarded.json().skipped).toEqual([]);
    const prizes = await get(`${base}/prizes`);
    expect(prizes.statusCode).toBe(200);
    expect(prizes.json()).not.toHaveProperty('skipped');

    const audit = (await get(`${base}/judge/audit?limit=2`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['disqualify', 'results.finalize']);
    const rest = (await get(`${base}/judge/audit?cursor=${audit.nextCursor}`)).json();
    expect(rest).toEqual({ items: [expect.objectContaining({ action: 'prizes.award' })], nextCursor: null });
  });
});
