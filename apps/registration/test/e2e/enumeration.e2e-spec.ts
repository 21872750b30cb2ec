import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorSpec } from '@hoi-thi/platform';
import { bearer, createTestApp, uniq } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { citizenId, countUsers, e164, ip, login, register, registration, solvedCaptcha } from '../support';

/**
 * Issue 12, finding 7: "already registered" answers stay useful to a person (they name the field and say what to
 * do) but cost a bot: a solved captcha before anything is looked up, and a budget of such answers per address
 * (10 per hour by default, registration and PATCH /api/me together).
 */
describe('account enumeration', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'true' });
  });
  afterAll(async () => {
    await app.close();
  });

  const registerFrom = (from: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/auth/register', payload, remoteAddress: from });

  describe('POST /api/auth/register', () => {
    it('without a solved captcha never tells whether a phone is taken', async () => {
      const taken = await register(app);
      const fresh = registration();
      const from = ip();
      for (const phone of [taken.phone, fresh.phone as string]) {
        const none = await registerFrom(from, registration({ phone }));
        expect(none.statusCode).toBe(400);
        expect(none.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.required')!.vi }]);
        const c = await solvedCaptcha(app);
        const wrong = await registerFrom(from, { ...registration({ phone }), captchaId: c.captchaId, captchaAnswer: 'zzzzz' });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.wrong')!.vi }]);
        // An otherwise invalid body names its own fields only, never the phone's being taken.
        const invalid = await registerFrom(from, { ...registration({ phone, password: 'x' }) });
        expect(invalid.statusCode).toBe(400);
        expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(['password']);
      }
      expect(await countUsers(app, { phone: e164(fresh.phone as string) })).toBe(0);
    });

    it('a taken phone, with a solved captcha, is named with the way forward (log in, or ask for the password)', async () => {
      const taken = await register(app);
      const res = await registerFrom(ip(), { ...registration({ phone: taken.phone }), ...(await solvedCaptcha(app)) });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'user.duplicate', errors: [{ field: 'phone', message: errorSpec('user.phone.taken')!.vi }] });
      expect(errorSpec('user.phone.taken')!.vi).toContain('hãy đăng nhập');
      expect(errorSpec('user.phone.taken')!.vi).toContain('quên mật khẩu');
    });

    it('the 11th "already registered" answer to one address is a 429, whatever is asked; another address still gets its answer', async () => {
      const taken = await register(app);
      const from = ip();
      const codes: number[] = [];
      for (let i = 0; i < 10; i++)
        codes.push((await registerFrom(from, { ...registration({ phone: taken.phone }), ...(await solvedCaptcha(app)) })).statusCode);
      expect(codes).toEqual(Array(10).fill(409));
      const probe = await registerFrom(from, { ...registration({ phone: taken.phone }), ...(await solvedCaptcha(app)) });
      expect(probe.statusCode).toBe(429);
      expect(probe.json().code).toBe('rate.limited');
      expect(Number(probe.headers['retry-after'])).toBeGreaterThan(0);
      // A free phone from that address is refused too (the budget is checked before the lookup): no oracle left.
      const fresh = registration();
      expect((await registerFrom(from, { ...fresh, ...(await solvedCaptcha(app)) })).statusCode).toBe(429);
      expect(await countUsers(app, { phone: e164(fresh.phone as string) })).toBe(0);
      expect((await registerFrom(ip(), { ...registration({ phone: taken.phone }), ...(await solvedCaptcha(app)) })).statusCode).toBe(409);
    });
  });

  describe('PATCH /api/me', () => {
    const patchMe = (token: string, from: string, payload: Record<string, unknown>) =>
      app.inject({ method: 'PATCH', url: '/api/me', payload, headers: bearer(token), remoteAddress: from });

    it('its conflict answers spend the same budget per address, across accounts', async () => {
      const holder = await register(app);
      const from = ip();
      const [first, second] = [await register(app), await register(app)];
      const t1 = (await login(app, first.phone)).accessToken;
      const t2 = (await login(app, second.phone)).accessToken;
      const codes: number[] = [];
      for (let i = 0; i < 10; i++) codes.push((await patchMe(i % 2 ? t2 : t1, from, { email: holder.email })).statusCode);
      expect(codes).toEqual(Array(10).fill(409));
      const probe = await patchMe(t2, from, { email: holder.email });
      expect(probe.statusCode).toBe(429);
      expect(Number(probe.headers['retry-after'])).toBeGreaterThan(0);
      // A citizen ID is a lookup too; a change of a harmless field is not limited.
      expect((await patchMe(t1, from, { citizenId: citizenId('079') })).statusCode).toBe(429);
      expect((await patchMe(t1, from, { fullName: 'Trần Thị Đổi' })).statusCode).toBe(200);
      // …and the registration from that address now gets 429 as well: one budget.
      expect((await registerFrom(from, { ...registration({ phone: holder.phone }), ...(await solvedCaptcha(app)) })).statusCode).toBe(429);
    });

    it('e-mail changes are limited per user, from any address', async () => {
      const u = await register(app);
      const token = (await login(app, u.phone)).accessToken;
      for (let i = 0; i < 10; i++) expect((await patchMe(token, ip(), { email: `doi.${uniq()}@example.vn` })).statusCode).toBe(200);
      const res = await patchMe(token, ip(), { email: `doi.${uniq()}@example.vn` });
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('rate.limited');
    });
  });
});
