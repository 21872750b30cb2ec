import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { bearer, createTestApp, testToken } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { attempt, pg, publishRound, redis, snapshot, storeAttempts, TestAttempt } from '../support/fixtures';

jest.setTimeout(120_000);

/** A reference ranking written plainly: the rule of PRODUCT.md, by hand, with the tie side 'over'. */
function referenceRanking(attempts: TestAttempt[], disqualified: Set<string>) {
  const valid = attempts.filter((a) => !disqualified.has(a.contestantId));
  const perfect = new Set(valid.filter((a) => a.correct === a.total).map((a) => a.contestantId));
  const trueValue = perfect.size;
  const units = (p: string) => {
    const [i, f = ''] = p.split('.');
    return BigInt(i) * 100000n + BigInt(f.padEnd(5, '0'));
  };
  const truth = BigInt(trueValue) * 100000n;
  const key = (a: TestAttempt) => {
    const guess = a.prediction === null ? null : units(a.prediction);
    const distance = guess === null ? null : guess > truth ? guess - truth : truth - guess;
    const side = guess === null ? 0 : guess > truth ? 1 : guess < truth ? -1 : 0;
    return { points: a.points, distance, side, duration: a.durationMs, submitted: Date.parse(a.submittedAt) };
  };
  const sameButId = (a: TestAttempt, b: TestAttempt) => {
    const x = key(a);
    const y = key(b);
    if (x.points !== y.points) return y.points - x.points;
    if ((x.distance === null) !== (y.distance === null)) return x.distance === null ? 1 : -1;
    if (x.distance !== null && y.distance !== null && x.distance !== y.distance) return x.distance < y.distance ? -1 : 1;
    if (x.side !== y.side) return x.side > y.side ? -1 : 1; // at equal distance the guess above wins
    if (x.duration !== y.duration) return x.duration - y.duration;
    return x.submitted - y.submitted;
  };
  const order = (a: TestAttempt, b: TestAttempt) => sameButId(a, b) || (a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0);
  const best = new Map<string, TestAttempt>();
  for (const a of valid) {
    const current = best.get(a.contestantId);
    if (!current || order(a, current) < 0) best.set(a.contestantId, a);
  }
  const sorted = [...best.values()].sort(order);
  const ranks: number[] = [];
  sorted.forEach((a, i) => ranks.push(i > 0 && sameButId(sorted[i - 1], a) === 0 ? ranks[i - 1] : i + 1));
  return { trueValue, rows: sorted.map((a, i) => ({ attemptId: a.attemptId, rank: ranks[i] })) };
}

describe('finalization (official ranking in PostgreSQL)', () => {
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
    await app.close();
    r.disconnect();
    await db.end();
  });

  it('equals the reference sort for 10,000 random attempts with many ties, and recomputes the same', async () => {
    const round = await publishRound(r, snapshot());
    const contestants = Array.from({ length: 3000 }, () => randomUUID());
    const t0 = Date.parse('2022-08-10T03:00:00.000Z');
    const attempts: TestAttempt[] = Array.from({ length: 10_000 }, () => {
      const points = Math.floor(Math.random() * 4);
      return attempt(round.roundId, {
        contestantId: contestants[Math.floor(Math.random() * contestants.length)],
        points,
        correct: points,
        total: 3,
        durationMs: 1000 + Math.floor(Math.random() * 3),
        submittedAt: new Date(t0 + Math.floor(Math.random() * 3)).toISOString(),
        prediction: null,
      });
    });
    // Predictions around the true value (known only at close; computed here to make ties on distance and side).
    const perfect = new Set(attempts.filter((a) => a.correct === a.total).map((a) => a.contestantId)).size;
    for (const a of attempts) {
      const roll = Math.random();
      a.prediction =
        roll < 0.1 ? null : roll < 0.2 ? `${perfect + Math.floor(Math.random() * 3) - 1}.5` : String(Math.max(0, perfect + Math.floor(Math.random() * 5) - 2));
    }
    await storeAttempts(db, attempts);
    const disqualified = new Set(contestants.slice(0, 3));
    for (const id of disqualified) {
      await db.query(`INSERT INTO leaderboard.disqualifications (round_id, contestant_id, reason, disqualified_by) VALUES ($1, $2, 'thử', $3)`, [
        round.roundId,
        id,
        randomUUID(),
      ]);
    }
    const expected = referenceRanking(attempts, disqualified);

    const res = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: judge });
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ kind: 'finalize', trueValue: String(expected.trueValue), entries: expected.rows.length, sameAsPrevious: null });

    const stored = await db.query(
      `SELECT f.attempt_id::text AS "attemptId", f.rank FROM leaderboard.final_rankings f
         JOIN leaderboard.round_results rr ON rr.computation_id = f.computation_id WHERE rr.round_id = $1 ORDER BY f.position`,
      [round.roundId],
    );
    expect(stored.rows).toEqual(expected.rows);
    expect(new Set(expected.rows.map((x) => x.rank)).size).toBeLessThan(expected.rows.length); // ties did occur

    const again = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/recompute`, headers: judge });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ kind: 'recompute', sameAsPrevious: true, inputSha256: summary.inputSha256, resultsSha256: summary.resultsSha256 });

    const log = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/computations`, headers: judge });
    expect(log.json().items.map((c: { kind: string }) => c.kind)).toEqual(['finalize', 'recompute']);
    expect(log.json().nextCursor).toBeNull();
    await expect(db.query('UPDATE leaderboard.computations SET kind = kind WHERE round_id = $1', [round.roundId])).rejects.toThrow(/append-only/);

    const csv = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/results?format=csv`, headers: judge });
    expect(csv.statusCode).toBe(200);
    expect(createHash('sha256').update(csv.rawPayload).digest('hex')).toBe(summary.resultsSha256);
    expect(csv.headers['x-content-sha256']).toBe(summary.resultsSha256);
    expect(csv.payload.split('\r\n')).toHaveLength(expected.rows.length + 2);

    const xlsx = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/results?format=xlsx`, headers: judge });
    expect(xlsx.statusCode).toBe(200);
    expect(createHash('sha256').update(xlsx.rawPayload).digest('hex')).toBe(xlsx.headers['x-content-sha256']);
    expect(xlsx.headers['x-results-sha256']).toBe(summary.resultsSha256);

    const twice = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: judge });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('leaderboard.round-already-finalized');

    const published = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/final?limit=3` });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ trueValue: String(expected.trueValue), resultsSha256: summary.resultsSha256, total: expected.rows.length });
    expect(published.json().items.map((e: { attemptId: string }) => e.attemptId)).toEqual(expected.rows.slice(0, 3).map((x) => x.attemptId));
    // Keyset pages: the next page starts after the last position, the last page says so with a null cursor.
    const next = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/final?limit=3&cursor=${published.json().nextCursor}` });
    expect(next.json().items.map((e: { attemptId: string }) => e.attemptId)).toEqual(expected.rows.slice(3, 6).map((x) => x.attemptId));
    const last = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/final?limit=200&cursor=${next.json().nextCursor}` });
    expect(last.json().items.length).toBe(Math.min(200, expected.rows.length - 6));
    const bad = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/final?cursor=bm9wZQ` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('re-ranks after a regrade, keeps both rankings, and refuses a round not yet closed', async () => {
    const round = await publishRound(r, snapshot({ prediction: null, rankingRule: ['points', 'submittedAt', 'duration'] }));
    const a = attempt(round.roundId, { points: 5, correct: 5, durationMs: 9000, submittedAt: '2022-08-02T03:00:00.000Z' });
    const b = attempt(round.roundId, { points: 5, correct: 5, durationMs: 1000, submittedAt: '2022-08-02T04:00:00.000Z' });
    await storeAttempts(db, [a, b]);
    const first = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: judge });
    expect(first.json()).toMatchObject({ trueValue: null, entries: 2 });
    const order = async () =>
      (
        await db.query(
          `SELECT f.attempt_id::text AS id FROM leaderboard.final_rankings f JOIN leaderboard.round_results rr ON rr.computation_id = f.computation_id
            WHERE rr.round_id = $1 ORDER BY f.position`,
          [round.roundId],
        )
      ).rows.map((x) => x.id);
    expect(await order()).toEqual([a.attemptId, b.attemptId]); // submission before duration in this round's rule

    await db.query('UPDATE exam.attempts SET points = 6, correct = 6 WHERE id = $1', [b.attemptId]); // exam regraded b
    const regrade = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/recompute`, headers: judge });
    expect(regrade.json()).toMatchObject({ sameAsPrevious: false });
    expect(await order()).toEqual([b.attemptId, a.attemptId]);
    const kept = await db.query(
      'SELECT count(DISTINCT computation_id)::int AS n FROM leaderboard.final_rankings f JOIN leaderboard.computations c ON c.id = f.computation_id WHERE c.round_id = $1',
      [round.roundId],
    );
    expect(kept.rows[0].n).toBe(2);

    const open = await publishRound(r, snapshot({ closesAt: new Date(Date.now() + 3600_000).toISOString() }));
    const early = await app.inject({ method: 'POST', url: `/api/rounds/${open.roundId}/finalize`, headers: judge });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'leaderboard.round-not-closed', detail: expect.stringContaining('chưa kết thúc') });
  });
});
