import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorSpec } from '@hoi-thi/platform';
import { createTestApp } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { ip, PASSWORD, phone, register, solvedCaptcha } from '../support';

/**
 * Issue 12, finding 6: wrong passwords must not lock the owner out. The production defaults: a captcha after 5
 * failures of an account (from anywhere), 429 after 10 failures of one (account, address) pair. Requests come from
 * distinct client addresses (the socket's own address, no forwarded header).
 */
describe('login under attack: the address that fails is refused, the owner is not', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false', RATE_LOGIN_FAILURES_PER_IP: '20' });
  });
  afterAll(async () => {
    await app.close();
  });

  const attempt = (login: string, password: string, from: string, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password, ...extra }, remoteAddress: from });

  it('after 10 wrong passwords from address A, A gets 429 and the owner logs in from B with the right password and a captcha', async () => {
    const u = await register(app, {}, false);
    const a = ip();
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      // Past the fifth failure the account asks for a captcha: the attacker solves one per guess.
      const res = await attempt(u.phone, `SaiMatKhau${i}`, a, i >= 5 ? await solvedCaptcha(app) : {});
      codes.push(`${res.statusCode} ${res.json().code}`);
    }
    expect(codes).toEqual(Array(10).fill('401 auth.invalid-credentials'));
    const throttled = await attempt(u.phone, 'SaiMatKhau10', a, await solvedCaptcha(app));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('rate.limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password from A stays refused: it is the attacker's address.
    expect((await attempt(u.phone, PASSWORD, a, await solvedCaptcha(app))).statusCode).toBe(429);

    // The owner, elsewhere: asked for a captcha (not refused), then in.
    const b = ip();
    const asked = await attempt(u.phone, PASSWORD, b);
    expect(asked.statusCode).toBe(401);
    expect(asked.json()).toMatchObject({ code: 'auth.captcha-required', errors: [{ field: 'captchaAnswer', message: errorSpec('captcha.required')!.vi }] });
    const ok = await attempt(u.phone, PASSWORD, b, await solvedCaptcha(app));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().accessToken).toEqual(expect.any(String));
  });

  it('an attacker rotating addresses must present a fresh captcha for each guess; the right password without one gets auth.captcha-required, not 429', async () => {
    const u = await register(app, {}, false);
    for (let i = 0; i < 5; i++) expect((await attempt(u.phone, `SaiMatKhau${i}`, ip())).json().code).toBe('auth.invalid-credentials');

    // Under attack: no captcha, no guess — from any new address, whatever the password.
    const noCaptcha = await attempt(u.phone, 'SaiMatKhau5', ip());
    expect(noCaptcha.statusCode).toBe(401);
    expect(noCaptcha.json().code).toBe('auth.captcha-required');
    const owner = await attempt(u.phone, PASSWORD, ip());
    expect(owner.statusCode).toBe(401);
    expect(owner.json().code).toBe('auth.captcha-required');

    // One solved captcha buys one guess: it is spent by the guess and refused on the next, from another address too.
    const c = await solvedCaptcha(app);
    expect((await attempt(u.phone, 'SaiMatKhau6', ip(), c)).json().code).toBe('auth.invalid-credentials');
    const replay = await attempt(u.phone, 'SaiMatKhau7', ip(), c);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.expired')!.vi }]);
    // A wrong answer spends the captcha and the password is not even tried (the right one does not get in).
    const wrong = await solvedCaptcha(app);
    expect((await attempt(u.phone, PASSWORD, ip(), { captchaId: wrong.captchaId, captchaAnswer: 'zzzzz' })).statusCode).toBe(400);
    expect((await attempt(u.phone, PASSWORD, ip(), wrong)).json().errors[0].message).toBe(errorSpec('captcha.expired')!.vi);
    expect((await attempt(u.phone, 'SaiMatKhau8', ip(), await solvedCaptcha(app))).json().code).toBe('auth.invalid-credentials');
    // The phone in another format is the same account.
    expect((await attempt(`+84${u.phone.slice(1)}`, PASSWORD, ip())).json().code).toBe('auth.captcha-required');
    expect((await attempt(`+84${u.phone.slice(1)}`, PASSWORD, ip(), await solvedCaptcha(app))).statusCode).toBe(200);
  });

  it('an unknown account escalates the same way (nothing tells it apart)', async () => {
    const nobody = phone();
    for (let i = 0; i < 5; i++) expect((await attempt(nobody, 'SaiMatKhau1', ip())).json().code).toBe('auth.invalid-credentials');
    expect((await attempt(nobody, 'SaiMatKhau1', ip())).json().code).toBe('auth.captcha-required');
  });

  it('an address failing across many accounts is refused with 429; another address is not', async () => {
    const from = ip();
    for (let i = 0; i < 20; i++) expect((await attempt(phone(), 'SaiMatKhau1', from)).statusCode).toBe(401);
    const res = await attempt(phone(), 'SaiMatKhau1', from);
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const u = await register(app, {}, false);
    expect((await attempt(u.phone, PASSWORD, from)).statusCode).toBe(429);
    expect((await attempt(u.phone, PASSWORD, ip())).statusCode).toBe(200);
  });
});
