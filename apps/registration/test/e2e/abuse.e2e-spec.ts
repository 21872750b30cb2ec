import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { db, ip, PASSWORD, register, registration, solvedCaptcha } from '../support';

/** Issue 8's abuse cases: a bot burst from many addresses, a class behind one address, brute force across instances. */
describe('abuse: registration bursts and login brute force', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    // The production defaults: captcha on, 300 registrations per address per window.
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'true' });
  });
  afterAll(async () => {
    await app.close();
  });

  const usersWithPhones = async (phones: string[]) =>
    Number((await db(app).query(`SELECT count(*) AS n FROM registration.users WHERE phone = ANY($1)`, [phones.map((p) => `+84${p.slice(1)}`)]))[0].n);

  it('refuses a burst from 100 addresses that does not solve the captcha, and writes nothing', async () => {
    const bodies = Array.from({ length: 100 }, () => registration());
    const codes = await Promise.all(
      bodies.map((b) => app.inject({ method: 'POST', url: '/api/auth/register', payload: b, headers: { 'x-forwarded-for': ip() } }).then((r) => r.statusCode)),
    );
    expect(codes.every((c) => c === 400)).toBe(true);
    expect(await usersWithPhones(bodies.map((b) => b.phone as string))).toBe(0);
  });

  it('lets a class of 200 behind one address register, each solving a captcha', async () => {
    const school = ip();
    const bodies = Array.from({ length: 200 }, () => registration());
    const codes: number[] = [];
    for (let i = 0; i < bodies.length; i += 20) {
      const batch = await Promise.all(
        bodies.slice(i, i + 20).map(async (b) => {
          const c = await solvedCaptcha(app);
          const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { ...b, ...c }, headers: { 'x-forwarded-for': school } });
          return res.statusCode;
        }),
      );
      codes.push(...batch);
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(200);
    expect(await usersWithPhones(bodies.map((b) => b.phone as string))).toBe(200);
  });
});

describe('abuse: login brute force is limited per account across instances', () => {
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  beforeAll(async () => {
    const env = { CAPTCHA_ENABLED: 'false', RATE_LOGIN_CAPTCHA_AFTER: '4' };
    a = await createTestApp([REGISTRATION_SERVICE], env);
    b = await createTestApp([REGISTRATION_SERVICE], env);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('counts failures on both instances together (Redis), from any address: then a captcha per login on either', async () => {
    const u = await register(a, {}, false);
    const attempt = (app: NestFastifyApplication, password: string, captcha: Record<string, string> = {}) =>
      app
        .inject({ method: 'POST', url: '/api/auth/login', payload: { login: u.phone, password, ...captcha }, remoteAddress: ip() })
        .then((r) => `${r.statusCode} ${r.json().code ?? ''}`);
    const wrong = '401 auth.invalid-credentials';
    expect([await attempt(a, 'Sai1234567'), await attempt(b, 'Sai1234567'), await attempt(a, 'Sai1234567'), await attempt(b, 'Sai1234567')]).toEqual([
      wrong,
      wrong,
      wrong,
      wrong,
    ]);
    // The count is shared: either instance now asks for a captcha, the right password too — and lets the owner in with one.
    expect(await attempt(a, PASSWORD)).toBe('401 auth.captcha-required');
    expect(await attempt(b, PASSWORD)).toBe('401 auth.captcha-required');
    expect(await attempt(b, PASSWORD, await solvedCaptcha(a))).toBe('200 ');
  });
});
