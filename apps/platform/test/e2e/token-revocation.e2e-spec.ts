import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import { bearer, createTestApp, pollUntil, privateRedisPrefix } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../../leaderboard/src/leaderboard.service-def';
import { REGISTRATION_SERVICE } from '../../../registration/src/registration.service-def';
import { ip, login, register, userWithRoles } from '../../../registration/test/support';

/**
 * Issue 12, finding 10: a role change and a logout everywhere take effect on access tokens within seconds, not at
 * their expiry: on a Nest route (GET /api/me), on a hot route (the leaderboard's my rank, verified-token cache), at
 * the socket.io handshake and on a connected socket, in the instance that made the change, in another one running
 * (pub/sub) and in one started afterwards (loaded at boot). Polled, never timed.
 */
describe('token revocation (valid-after per user)', () => {
  const prefix = privateRedisPrefix('revocation');
  let main: NestFastifyApplication; // registration + leaderboard: the writer
  let other: NestFastifyApplication; // leaderboard alone, running before the changes
  const sockets: Socket[] = [];
  const roundId = randomUUID();

  const me = (app: NestFastifyApplication, token: string) => app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
  const myRank = (app: NestFastifyApplication, token: string) =>
    app.inject({ method: 'GET', url: `/api/rounds/${roundId}/leaderboard/me`, headers: bearer(token) });
  const post = (url: string, payload: object, token?: string) =>
    main.inject({ method: 'POST', url, payload, headers: { 'x-forwarded-for': ip(), ...(token ? bearer(token) : {}) } });
  const setRoles = (adminToken: string, id: string, roles: string[]) =>
    main.inject({ method: 'PATCH', url: `/api/users/${id}/roles`, payload: { roles }, headers: bearer(adminToken) });
  const handshake = (app: NestFastifyApplication, token: string) =>
    new Promise<string>((resolve) => {
      const s = io(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/live`, {
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e) => resolve(e.message));
    });

  beforeAll(async () => {
    main = await createTestApp([REGISTRATION_SERVICE, LEADERBOARD_SERVICE], { REDIS_KEY_PREFIX: prefix, LEADERBOARD_CONSUMER: 'false' });
    other = await createTestApp([LEADERBOARD_SERVICE], { REDIS_KEY_PREFIX: prefix, LEADERBOARD_CONSUMER: 'false' });
    await other.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await other?.close();
    await main?.close();
  });

  it('refuses the old token after an admin removes a role, everywhere; a refreshed token carries the new roles', async () => {
    const admin = await userWithRoles(main, ['admin']);
    const u = await register(main);
    expect((await setRoles(admin.token, u.id, ['contestant', 'judge'])).statusCode).toBe(200);
    const old = await login(main, u.phone);
    expect((await me(main, old.accessToken)).statusCode).toBe(200);
    expect((await myRank(other, old.accessToken)).statusCode).not.toBe(401); // verified once, now in the hot cache
    await expect(handshake(other, old.accessToken)).resolves.toBe('connected');
    const live = sockets[sockets.length - 1];
    const expired = new Promise<{ code: string }>((resolve) => live.once('expired', resolve));

    expect((await setRoles(admin.token, u.id, ['contestant'])).statusCode).toBe(200);
    await pollUntil('the Nest route to refuse the old token', async () => (await me(main, old.accessToken)).statusCode === 401);
    await pollUntil('the other instance’s hot route to refuse the old token', async () => (await myRank(other, old.accessToken)).statusCode === 401);
    expect((await me(main, old.accessToken)).json()).toMatchObject({ code: 'auth.unauthorized' });
    await expect(expired).resolves.toMatchObject({ code: 'auth.unauthorized' }); // the connected socket is told, then dropped
    await expect(handshake(other, old.accessToken)).resolves.toBe('auth.unauthorized');

    const refreshed = await post('/api/auth/refresh', { refreshToken: old.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const fresh = refreshed.json().accessToken as string;
    expect((await me(main, fresh)).json()).toMatchObject({ id: u.id, roles: ['contestant'] });
    expect((await myRank(other, fresh)).statusCode).not.toBe(401);

    // A process started after the change learns it at boot (from Redis), not from the channel.
    const later = await createTestApp([LEADERBOARD_SERVICE], { REDIS_KEY_PREFIX: prefix, LEADERBOARD_CONSUMER: 'false' });
    try {
      expect((await myRank(later, old.accessToken)).statusCode).toBe(401);
      expect((await myRank(later, fresh)).statusCode).not.toBe(401);
    } finally {
      await later.close();
    }
  });

  it('refuses every access token of the account after a logout everywhere', async () => {
    const u = await register(main);
    const first = await login(main, u.phone);
    const second = await login(main, u.phone);
    expect((await myRank(other, first.accessToken)).statusCode).not.toBe(401);
    expect((await post('/api/auth/logout', { all: true }, second.accessToken)).statusCode).toBe(204);
    for (const token of [first.accessToken, second.accessToken]) {
      await pollUntil('the Nest route to refuse a token of the logged-out account', async () => (await me(main, token)).statusCode === 401);
      await pollUntil('the hot route to refuse a token of the logged-out account', async () => (await myRank(other, token)).statusCode === 401);
    }
    expect((await post('/api/auth/refresh', { refreshToken: first.refreshToken })).statusCode).toBe(401);
    const again = await login(main, u.phone); // logging in again is a new start
    expect((await me(main, again.accessToken)).statusCode).toBe(200);
    expect((await myRank(other, again.accessToken)).statusCode).not.toBe(401);
  });
});
