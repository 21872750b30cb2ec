import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import { bearer, createTestApp, pollUntil, privateRedisPrefix, testToken } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';
import { addQuestions, createBank, createContest, ORGANIZER, roundBody } from '../../../question-bank/test/helpers';

jest.setTimeout(180_000);

/**
 * Issue 12, finding 9: a published round of an unpublished contest can be neither started nor watched by anyone who
 * merely knows its id, and unpublishing a contest takes its rounds away from exam-session and leaderboard at once —
 * the organizer's PATCH in question-bank, the facts between the services, the contestant's and the watcher's requests.
 */
describe('a round of an unpublished contest', () => {
  let app: NestFastifyApplication;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp(ALL_SERVICES, { REDIS_KEY_PREFIX: privateRedisPrefix('unpublished') });
    await app.listen(0, '127.0.0.1');
  }, 300_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  });

  const contestant = () => bearer(testToken(['contestant'], { sub: randomUUID() }));
  const judge = bearer(testToken(['judge']));
  const start = (roundId: string, headers = contestant()) => app.inject({ method: 'POST', url: `/api/rounds/${roundId}/attempts`, headers });
  const board = (roundId: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/api/rounds/${roundId}/leaderboard`, headers });
  const setPublished = async (contestId: string, published: boolean) =>
    expect((await app.inject({ method: 'PATCH', url: `/api/contests/${contestId}`, headers: ORGANIZER(), payload: { published } })).statusCode).toBe(200);
  const watcher = async () => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const s = io(`http://127.0.0.1:${port}/live`, {
      transports: ['websocket'],
      auth: { token: testToken(['contestant']) },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  };
  const watch = (s: Socket, roundId: string) => s.timeout(30_000).emitWithAck('watch', { roundId }) as Promise<{ ok: boolean; code?: string }>;

  it('cannot be started or watched until the contest is published, and stops being so as soon as it is unpublished', async () => {
    const bankId = await createBank(app);
    await addQuestions(app, bankId, [{ topic: 'A', difficulty: 'easy', n: 3 }]);
    const contestId = await createContest(app, { published: false });
    const created = await app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/rounds`,
      headers: ORGANIZER(),
      payload: roundBody(bankId, { blueprint: [{ topic: 'A', difficulty: 'easy', count: 2 }], attemptsAllowed: 1 }),
    });
    expect(created.statusCode).toBe(201);
    const roundId = created.json().id as string;
    expect((await app.inject({ method: 'POST', url: `/api/rounds/${roundId}/publish`, headers: ORGANIZER() })).statusCode).toBe(200);

    // Published round, unpublished contest: as an unknown round to a contestant and to a watcher; staff see the board.
    const unknownStart = await start(randomUUID());
    const refused = await start(roundId);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: unknownStart.json().code, detail: unknownStart.json().detail });
    expect((await board(roundId)).statusCode).toBe(404);
    expect((await board(roundId, contestant())).statusCode).toBe(404);
    expect((await board(roundId, judge)).statusCode).toBe(200);
    const s = await watcher();
    expect((await watch(s, roundId)).code).toBe('leaderboard.round-not-found');

    // The organizer publishes the contest: the round can be started and watched.
    await setPublished(contestId, true);
    const first = await pollUntil('start after publishing', async () => ((await start(roundId)).statusCode === 201 ? true : undefined), 10_000, 50);
    expect(first).toBe(true);
    expect((await board(roundId)).statusCode).toBe(200);
    expect(await watch(s, roundId)).toEqual({ ok: true });

    // Unpublished again: no new attempt, no public board, the watcher sent away — without waiting for any cache to expire.
    const away = new Promise<{ roundId: string }>((resolve) => s.once('unwatched', resolve));
    const at = Date.now();
    await setPublished(contestId, false);
    await pollUntil('start refused after unpublishing', async () => ((await start(roundId)).statusCode === 404 ? true : undefined), 10_000, 50);
    await pollUntil('board hidden after unpublishing', async () => ((await board(roundId)).statusCode === 404 ? true : undefined), 10_000, 50);
    expect(Date.now() - at).toBeLessThan(4000); // the round caches alone would take 5 s (exam-session) and 30 s (leaderboard)
    expect(await away).toMatchObject({ roundId });
    expect((await board(roundId, judge)).statusCode).toBe(200);
  });
});
