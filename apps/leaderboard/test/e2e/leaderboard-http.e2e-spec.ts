import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Client } from 'pg';
import * as jwt from 'jsonwebtoken';
import { bearer, createTestApp, privateRedisPrefix, testEnv, testToken } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { attempt, insertRows, pg, publishRound, publishSubmissions, redis, snapshot, storeAttempts, waitFor, QUICK_RECLAIM } from '../support/fixtures';

jest.setTimeout(120_000);

/** A token that expired a minute ago, otherwise valid (same key, issuer, audience). */
function expiredToken(roles: string[]): string {
  const env = testEnv();
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ sub: randomUUID(), roles, typ: 'access', iat: now - 120, exp: now - 60 }, env.JWT_PRIVATE_KEY, {
    algorithm: 'ES256',
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  });
}

describe('leaderboard HTTP: who may read and do what', () => {
  let app: NestFastifyApplication;
  let r: Redis;
  let db: Client;
  let roundId: string;
  let closedRoundId: string;
  const contestant = randomUUID();
  // A stream and consumer group of this file's own, so "nothing pending" below means this file's submissions only.
  const prefix = privateRedisPrefix('lb-http');

  beforeAll(async () => {
    db = await pg();
    r = redis(prefix);
    app = await createTestApp([LEADERBOARD_SERVICE], { ...QUICK_RECLAIM, REDIS_KEY_PREFIX: prefix });
    roundId = (await publishRound(r, snapshot({ closesAt: new Date(Date.now() + 86_400_000).toISOString() }))).roundId;
    closedRoundId = (await publishRound(r, snapshot())).roundId;
    const mine = attempt(roundId, { contestantId: contestant, points: 9, correct: 9 });
    const other = attempt(closedRoundId, { points: 3, correct: 3 });
    await storeAttempts(db, [mine, other]);
    await publishSubmissions(r, [mine, other]);
    await waitFor(
      async () => (await r.xpending('exam.attempt-submitted.v1', 'leaderboard'))[0] === 0 && (await r.hget(`{r:${roundId}}:lb:c`, 'attempts')) === '1',
    );
  });
  afterAll(async () => {
    await app.close();
    r.disconnect();
    await db.end();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('serves the board to anyone, with masked names and no contestant ids', async () => {
    const res = await get(`/api/rounds/${roundId}/leaderboard`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.entries[0]).not.toHaveProperty('contestantId');
    expect(body.entries[0]).not.toHaveProperty('r');
    // The next read of the same page is served from the cached snapshot (fast path): same bytes, same headers.
    const again = await get(`/api/rounds/${roundId}/leaderboard`);
    expect(again.payload).toBe(res.payload);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    expect(again.headers['x-request-id']).toBeDefined();
    // JSON only: helmet's HTML-oriented set is off on this route, the controller's answer and the fast path's alike.
    for (const h of [res.headers, again.headers]) {
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['cache-control']).toBe('public, max-age=1');
      expect(h['content-security-policy']).toBeUndefined();
      expect(h['x-frame-options']).toBeUndefined();
    }
    // A browser (Accept-Encoding: gzip) gets the same page gzipped, compressed once per snapshot.
    const zipped = await get(`/api/rounds/${roundId}/leaderboard`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(res.payload);
    const refused = await get(`/api/rounds/${roundId}/leaderboard`, { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.payload).toBe(res.payload);
  });

  it('keeps a board the contest does not make public for signed-in users', async () => {
    const hidden = await publishRound(r, { ...snapshot(), publicLeaderboard: false } as never);
    const url = `/api/rounds/${(hidden as { roundId: string }).roundId}/leaderboard`;
    expect((await get(url)).statusCode).toBe(401);
    expect((await get(url, bearer(testToken(['contestant'])))).statusCode).toBe(200);
    expect((await get(url)).statusCode).toBe(401); // never from the fast path's cache either
  });

  it('names each invalid query field in Vietnamese and changes nothing', async () => {
    const res = await get(`/api/rounds/${roundId}/leaderboard?limit=500&offset=-1&unitId=abc&extra=1`);
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['extra', 'limit', 'offset', 'unitId']);
    expect(res.json().errors.find((e: { field: string }) => e.field === 'limit').message).toBe('Số dòng phải từ 1 đến 100.');
    const bad = await get('/api/rounds/khong-phai-uuid/leaderboard');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'roundId', message: 'Mã vòng thi không hợp lệ.' }]);
    const unknown = await get(`/api/rounds/${randomUUID()}/leaderboard`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('leaderboard.round-not-found');
  });

  it('gives my rank to a contestant only; no token or an expired one is 401, another role 403', async () => {
    const me = await get(`/api/rounds/${roundId}/leaderboard/me`, bearer(testToken(['contestant'], { sub: contestant })));
    expect(me.statusCode).toBe(200);
    expect(me.json().entry).toMatchObject({ rank: 1, points: 9 });
    const stranger = await get(`/api/rounds/${roundId}/leaderboard/me`, bearer(testToken(['contestant'])));
    expect(stranger.json()).toMatchObject({ entry: null, around: [] });
    expect((await get(`/api/rounds/${roundId}/leaderboard/me`)).statusCode).toBe(401);
    expect((await get(`/api/rounds/${roundId}/leaderboard/me`, bearer(expiredToken(['contestant'])))).statusCode).toBe(401);
    expect((await get(`/api/rounds/${roundId}/leaderboard/me`, bearer(testToken(['judge'])))).statusCode).toBe(403);
  });

  it('shows statistics to judges and organizers, not to contestants', async () => {
    expect((await get(`/api/rounds/${roundId}/stats`, bearer(testToken(['judge'])))).statusCode).toBe(200);
    expect((await get(`/api/rounds/${roundId}/stats`, bearer(testToken(['organizer'])))).statusCode).toBe(200);
    const denied = await get(`/api/rounds/${roundId}/stats`, bearer(testToken(['contestant'])));
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe('Bạn không có quyền thực hiện thao tác này.');
    expect((await get(`/api/rounds/${roundId}/stats`, bearer(expiredToken(['judge'])))).statusCode).toBe(401);
  });

  it('lets only judges finalize, and only after close; results only for staff', async () => {
    expect((await post(`/api/rounds/${closedRoundId}/finalize`, {}, bearer(testToken(['organizer'])))).statusCode).toBe(403);
    expect((await post(`/api/rounds/${closedRoundId}/finalize`, {}, bearer(testToken(['contestant'])))).statusCode).toBe(403);
    expect((await post(`/api/rounds/${closedRoundId}/finalize`, {}, bearer(expiredToken(['judge'])))).statusCode).toBe(401);
    expect((await post(`/api/rounds/${roundId}/finalize`, {}, bearer(testToken(['judge'])))).statusCode).toBe(409);
    expect((await get(`/api/rounds/${closedRoundId}/results?format=csv`, bearer(testToken(['judge'])))).statusCode).toBe(409);
    const done = await post(`/api/rounds/${closedRoundId}/finalize`, {}, bearer(testToken(['judge'])));
    expect(done.statusCode).toBe(200);
    expect((await get(`/api/rounds/${closedRoundId}/results?format=csv`, bearer(testToken(['contestant'])))).statusCode).toBe(403);
    const wrongFormat = await get(`/api/rounds/${closedRoundId}/results?format=pdf`, bearer(testToken(['organizer'])));
    expect(wrongFormat.statusCode).toBe(400);
    expect(wrongFormat.json().errors).toEqual([{ field: 'format', message: 'Định dạng tệp phải là xlsx hoặc csv.' }]);
    expect((await get(`/api/rounds/${closedRoundId}/results?format=csv`, bearer(testToken(['organizer'])))).statusCode).toBe(200);
  });

  it('disqualifies with a reason, audited, 404 for someone without an attempt, 409 twice, judges only', async () => {
    const round = await publishRound(r, snapshot());
    const cheat = attempt(round.roundId, { points: 20, correct: 20, total: 20, durationMs: 20_000 });
    await storeAttempts(db, [cheat]);
    const url = `/api/rounds/${round.roundId}/disqualifications`;
    const judge = testToken(['judge']);
    expect((await post(url, { contestantId: cheat.contestantId, reason: 'quá nhanh' }, bearer(testToken(['organizer'])))).statusCode).toBe(403);
    const invalid = await post(url, { contestantId: 'x', reason: '' }, bearer(judge));
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['contestantId', 'reason']);
    expect((await get(`/api/rounds/${round.roundId}/disqualifications`, bearer(judge))).json()).toEqual({ items: [], nextCursor: null });
    expect((await post(url, { contestantId: randomUUID(), reason: 'không có bài' }, bearer(judge))).statusCode).toBe(404);

    const flags = await get(`/api/rounds/${round.roundId}/judge/flags`, bearer(judge));
    expect(flags.json().fast).toEqual([expect.objectContaining({ attemptId: cheat.attemptId, msPerQuestion: 1000 })]);
    const detail = await get(`/api/rounds/${round.roundId}/judge/attempts/${cheat.attemptId}`, bearer(judge));
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ flags: { fast: true }, focusLosses: 0 });
    expect((await get(`/api/rounds/${round.roundId}/judge/attempts/${randomUUID()}`, bearer(judge))).statusCode).toBe(404);
    expect((await get(`/api/rounds/${round.roundId}/judge/attempts`, bearer(testToken(['contestant'])))).statusCode).toBe(403);

    const done = await post(url, { contestantId: cheat.contestantId, reason: 'Hai mươi câu trong 20 giây' }, bearer(judge));
    expect(done.statusCode).toBe(201);
    expect((await post(url, { contestantId: cheat.contestantId, reason: 'lần nữa' }, bearer(judge))).statusCode).toBe(409);
    const audit = await get(`/api/rounds/${round.roundId}/judge/audit`, bearer(judge));
    expect(audit.json()).toEqual({
      items: [expect.objectContaining({ action: 'disqualify', subjectId: cheat.contestantId, details: { reason: 'Hai mươi câu trong 20 giây' } })],
      nextCursor: null,
    });
  });

  it('awards the prize ladder from the official ranking, organizers excluded', async () => {
    const round = await publishRound(r, snapshot({ prediction: null, rankingRule: ['points', 'duration', 'submittedAt'] }));
    const unitId = randomUUID();
    await insertRows(db, 'registration.units', [{ id: unitId, name: 'Xã Thử', member_count: 10 }]);
    const people = Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(),
      full_name: `Lê Văn ${'ABCDE'[i]}`,
      roles: i === 0 ? ['organizer'] : ['contestant'],
    }));
    await insertRows(db, 'registration.users', people);
    const attempts = people.map((p, i) => attempt(round.roundId, { contestantId: p.id, points: 10 - i, correct: 10 - i, unitId }));
    await storeAttempts(db, attempts);
    const judge = bearer(testToken(['judge']));
    expect((await post(`/api/rounds/${round.roundId}/prizes`, { ladder: [{ prize: 'Nhất', count: 1 }] }, judge)).statusCode).toBe(409);
    expect((await post(`/api/rounds/${round.roundId}/finalize`, {}, judge)).statusCode).toBe(200);
    const bad = await post(`/api/rounds/${round.roundId}/prizes`, { ladder: [{ prize: '', count: 0 }] }, judge);
    expect(bad.statusCode).toBe(400);
    expect((await post(`/api/rounds/${round.roundId}/prizes`, { ladder: [{ prize: 'Nhất', count: 1 }] }, bearer(testToken(['contestant'])))).statusCode).toBe(
      403,
    );
    const res = await post(
      `/api/rounds/${round.roundId}/prizes`,
      {
        ladder: [
          { prize: 'Giải Nhất', count: 1 },
          { prize: 'Giải Nhì', count: 2 },
        ],
      },
      bearer(testToken(['organizer'])),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().awards.map((a: { fullName: string; prize: string }) => [a.fullName, a.prize])).toEqual([
      ['Lê Văn B', 'Giải Nhất'],
      ['Lê Văn C', 'Giải Nhì'],
      ['Lê Văn D', 'Giải Nhì'],
    ]);
    expect(res.json().skipped).toEqual([expect.objectContaining({ contestantId: people[0].id, reason: 'staff' })]);
    expect(res.json().units.byShare).toEqual([{ unitId, name: 'Xã Thử', entries: 5, members: 10, share: 0.5 }]);
  });
});
