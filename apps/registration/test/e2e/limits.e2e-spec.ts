import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { countUsers, e164, ip, PASSWORD, phone, register, registration } from '../support';

describe('rate limits (Redis) answer 429 with Retry-After', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], {
      CAPTCHA_ENABLED: 'false',
      RATE_REGISTER_PER_IP: '2',
      RATE_LOGIN_FAILURES_PER_ACCOUNT_IP: '3',
      RATE_LOGIN_CAPTCHA_AFTER: '100',
      RATE_LOGIN_PER_IP: '5',
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('registrations per IP', async () => {
    const from = ip();
    const post = (body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/auth/register', payload: body, headers: { 'x-forwarded-for': from } });
    expect((await post(registration())).statusCode).toBe(201);
    expect((await post(registration())).statusCode).toBe(201);
    const body = registration();
    const res = await post(body);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('rate.limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    // Another address is not affected.
    expect((await app.inject({ method: 'POST', url: '/api/auth/register', payload: registration(), headers: { 'x-forwarded-for': ip() } })).statusCode).toBe(
      201,
    );
  });

  it('wrong passwords per (account, address), whatever the phone format: that address is refused, the owner elsewhere is not', async () => {
    const u = await register(app, {}, false);
    const from = ip();
    const formats = [u.phone, e164(u.phone), e164(u.phone).slice(1)];
    for (const login of formats) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password: 'SaiMatKhau9' }, remoteAddress: from });
      expect(res.statusCode).toBe(401);
    }
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: u.phone, password: PASSWORD }, remoteAddress: from });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: u.phone, password: PASSWORD }, remoteAddress: ip() });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('a successful login clears the (account, address) failures', async () => {
    const u = await register(app, {}, false);
    const from = ip();
    const attempt = (password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: u.phone, password }, remoteAddress: from });
    expect((await attempt('SaiMatKhau9')).statusCode).toBe(401);
    expect((await attempt('SaiMatKhau9')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    // Two more failures: without the reset the second would follow three failures of the pair (budget 3) and get 429.
    expect((await attempt('SaiMatKhau9')).statusCode).toBe(401);
    expect((await attempt('SaiMatKhau9')).statusCode).toBe(401);
  });

  it('login attempts per IP', async () => {
    const from = ip();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: phone(), password: 'SaiMatKhau9' },
        headers: { 'x-forwarded-for': from },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('the hashing pool, saturated, answers 503 with Retry-After', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false', HASH_CONCURRENCY: '1', HASH_QUEUE_LIMIT: '0' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('one hash at once, none waiting: a burst of logins gets 503 auth.busy beyond the first', async () => {
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: phone(), password: 'SaiMatKhau9' }, headers: { 'x-forwarded-for': ip() } }),
      ),
    );
    const codes = burst.map((r) => r.statusCode);
    expect(codes).toContain(401);
    expect(codes).toContain(503);
    const busy = burst.find((r) => r.statusCode === 503)!;
    expect(busy.json()).toMatchObject({ code: 'auth.busy' });
    expect(busy.headers['retry-after']).toBe('2');
    // …and it recovers once the burst is over.
    const after = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: phone(), password: 'SaiMatKhau9' },
      headers: { 'x-forwarded-for': ip() },
    });
    expect(after.statusCode).toBe(401);
  });

  it('a registration refused by a full pool writes nothing', async () => {
    const bodies = Array.from({ length: 10 }, () => registration());
    const res = await Promise.all(
      bodies.map((b) => app.inject({ method: 'POST', url: '/api/auth/register', payload: b, headers: { 'x-forwarded-for': ip() } })),
    );
    const refused = bodies.filter((_, i) => res[i].statusCode === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const b of refused) expect(await countUsers(app, { phone: e164(b.phone as string) })).toBe(0);
    expect(res.every((r) => r.statusCode === 201 || r.statusCode === 503)).toBe(true);
  });
});
