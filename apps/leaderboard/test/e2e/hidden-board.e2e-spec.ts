import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { bearer, createTestApp, FakeClock, privateRedisPrefix, testToken } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { pg, publishRound, redis, setContestPublished, snapshot, waitFor } from '../support/fixtures';

jest.setTimeout(120_000);

/**
 * The boards of a round whose contest is not (or no longer) published: staff only, over HTTP and socket.io, on
 * every instance; to anyone else the 404 of an unknown round, so a guessed id is not confirmed.
 */
describe('leaderboard: the board of an unpublished contest', () => {
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let r: Redis;
  let db: Client;
  const sockets: Socket[] = [];
  const prefix = privateRedisPrefix('lb-hidden');
  const judge = bearer(testToken(['judge']));
  const organizer = bearer(testToken(['organizer']));
  const contestant = bearer(testToken(['contestant'], { sub: randomUUID() }));
  // Both instances' clock stands still: no cache of theirs (the round configuration's 30 s, the pages' second) can
  // expire during a test, so whatever hides or shows a board here is the visibility fact.
  const clock = new FakeClock();
  const open = () => ({ closesAt: new Date(Date.now() + 86_400_000).toISOString() });

  const connect = (app: NestFastifyApplication, token?: string) => {
    const s = io(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/live`, {
      transports: ['websocket'],
      auth: token === undefined ? {} : { token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    return new Promise<Socket>((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  };
  const watch = (s: Socket, roundId: string) => s.timeout(30_000).emitWithAck('watch', { roundId }) as Promise<{ ok: boolean; code?: string; detail?: string }>;
  const board = (app: NestFastifyApplication, roundId: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/api/rounds/${roundId}/leaderboard`, headers });

  beforeAll(async () => {
    db = await pg();
    r = redis(prefix);
    a = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CONSUMER: 'false', REDIS_KEY_PREFIX: prefix }, { clock });
    b = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CONSUMER: 'false', REDIS_KEY_PREFIX: prefix }, { clock });
    await a.listen(0, '127.0.0.1');
    await b.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await a.close();
    await b.close();
    r.disconnect();
    await db.end();
  });

  it('answers its HTTP board routes with the 404 of an unknown round to anyone but staff', async () => {
    const hidden = await publishRound(r, snapshot({ ...open(), contestPublished: false }));
    const unknown = (await board(a, randomUUID())).json();
    const routes = [
      `/api/rounds/${hidden.roundId}/leaderboard`,
      `/api/rounds/${hidden.roundId}/leaderboard?limit=5&offset=3`,
      `/api/rounds/${hidden.roundId}/final`,
    ];
    for (const url of routes) {
      for (const headers of [{}, contestant]) {
        const res = await a.inject({ method: 'GET', url, headers });
        expect([url, res.statusCode]).toEqual([url, 404]);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: unknown.code, detail: unknown.detail });
      }
    }
    const me = await a.inject({ method: 'GET', url: `/api/rounds/${hidden.roundId}/leaderboard/me`, headers: contestant });
    expect([me.statusCode, me.json().code]).toEqual([404, 'leaderboard.round-not-found']);
    for (const headers of [judge, organizer]) {
      const res = await board(a, hidden.roundId, headers);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ roundId: hidden.roundId, entries: [] });
    }
    expect((await a.inject({ method: 'GET', url: `/api/rounds/${hidden.roundId}/final`, headers: judge })).json().code).toBe('leaderboard.round-not-finalized');
    // A staff read put nothing in the page cache that the token-less fast path would hand out.
    expect((await board(a, hidden.roundId)).statusCode).toBe(404);
  });

  it('refuses a socket watch of it to anyone but staff, like an unknown round', async () => {
    const hidden = await publishRound(r, snapshot({ ...open(), contestPublished: false }));
    const refusal = await watch(await connect(a), randomUUID());
    for (const token of [undefined, testToken(['contestant'])]) {
      const ack = await watch(await connect(a, token), hidden.roundId);
      expect(ack).toEqual({ ok: false, code: 'leaderboard.round-not-found', detail: refusal.detail });
    }
    expect(await watch(await connect(b, testToken(['judge'])), hidden.roundId)).toEqual({ ok: true });
  });

  it('hides a board as soon as its contest is unpublished, on every instance: pages, cached pages and watchers', async () => {
    const round = await publishRound(r, snapshot({ ...open(), contestPublished: true }));
    // The public page is served (and cached for the token-less fast path) on both instances; watchers on both.
    for (const app of [a, b]) for (let i = 0; i < 2; i += 1) expect((await board(app, round.roundId)).statusCode).toBe(200);
    const watcher = await connect(a, testToken(['contestant']));
    const staff = await connect(b, testToken(['judge']));
    expect(await watch(watcher, round.roundId)).toEqual({ ok: true });
    expect(await watch(staff, round.roundId)).toEqual({ ok: true });
    const sentAway = new Promise<{ roundId: string; code: string }>((resolve) => watcher.once('unwatched', resolve));
    let staffSentAway = false;
    staff.on('unwatched', () => (staffSentAway = true));

    await setContestPublished(r, round, false);
    // The clocks stand still: the cached configuration and pages cannot have expired, the fact dropped them.
    for (const app of [a, b]) await waitFor(async () => (await board(app, round.roundId)).statusCode === 404, 10_000, 20);
    expect(await sentAway).toMatchObject({ roundId: round.roundId, code: 'leaderboard.round-not-found' });
    expect(staffSentAway).toBe(false);
    expect((await board(b, round.roundId, judge)).statusCode).toBe(200);
    expect((await watch(watcher, round.roundId)).code).toBe('leaderboard.round-not-found');

    await setContestPublished(r, round, true);
    for (const app of [a, b]) await waitFor(async () => (await board(app, round.roundId)).statusCode === 200, 10_000, 20);
    expect(await watch(watcher, round.roundId)).toEqual({ ok: true });
  });
});
