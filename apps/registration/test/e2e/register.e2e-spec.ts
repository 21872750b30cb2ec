import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt } from 'node:crypto';
import { errorSpec } from '@hoi-thi/platform';
import { claimUnique, createTestApp, uniq } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { captchaKey } from '../../src/auth/captcha.repository';
import { countUsers, db, e164, ip, phone, redisOf, register, registration, solvedCaptcha } from '../support';

/** A 12-digit citizen ID starting with `prefix` that no other test of this run uses (not a slice of the clock). */
const citizenId = (prefix: string) =>
  claimUnique(
    'citizen-id',
    () =>
      `${prefix}${randomInt(0, 10 ** (12 - prefix.length))
        .toString()
        .padStart(12 - prefix.length, '0')}`,
  );

describe('POST /api/auth/register', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE]);
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/register', payload, headers: { 'x-forwarded-for': ip(), ...headers } });

  it('registers a contestant: phone normalised, e-mail lower-cased, citizen ID kept only as a fingerprint', async () => {
    const local = phone();
    const body = registration({
      phone: local,
      email: `An.${uniq()}@Example.VN`,
      citizenId: citizenId('0010900'),
      fullName: '  Nguye\u0302\u0303n   Va\u0306n An ',
    });
    const res = await post({ ...body, ...(await solvedCaptcha(app)) });
    expect(res.statusCode).toBe(201);
    const { user } = res.json();
    expect(user).toMatchObject({
      phone: e164(local),
      email: (body.email as string).toLowerCase(),
      fullName: 'Nguyễn Văn An',
      roles: ['contestant'],
      provinceCode: '01',
      wardCode: '10101003',
      category: 'party-member',
      citizenIdLast3: (body.citizenId as string).slice(-3),
      dateOfBirth: '1990-05-19',
    });
    expect(user.passwordHash).toBeUndefined();
    const [row] = await db(app).query('SELECT password_hash, citizen_id_hash FROM registration.users WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.citizen_id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(body.citizenId as string);
  });

  describe('refuses a malformed registration with 400 naming the field, in Vietnamese, and writes nothing', () => {
    const otherProvinceWard = '10325050'; // Đặc khu Bạch Long Vĩ, Hải Phòng
    const cases: [string, Record<string, unknown>, string, string | null][] = [
      ['no full name', { fullName: undefined }, 'fullName', 'user.fullName.invalid'],
      ['a one-letter name', { fullName: 'A' }, 'fullName', 'user.fullName.invalid'],
      ['a 101-character name', { fullName: 'A'.repeat(101) }, 'fullName', 'user.fullName.invalid'],
      ['markup in the name', { fullName: 'An <script>' }, 'fullName', 'user.fullName.invalid'],
      ['a non-ISO birth date', { dateOfBirth: '19/05/1990' }, 'dateOfBirth', 'user.dateOfBirth.invalid'],
      ['an impossible birth date', { dateOfBirth: '1990-02-30' }, 'dateOfBirth', 'user.dateOfBirth.invalid'],
      ['a three-year-old', { dateOfBirth: `${new Date().getUTCFullYear() - 3}-01-01` }, 'dateOfBirth', 'user.dateOfBirth.invalid'],
      ['a 130-year-old', { dateOfBirth: '1890-01-01' }, 'dateOfBirth', 'user.dateOfBirth.invalid'],
      ['a landline', { phone: '02438251234' }, 'phone', 'user.phone.invalid'],
      ['a foreign number', { phone: '+14155552671' }, 'phone', 'user.phone.invalid'],
      ['letters in the phone', { phone: '09abc12345' }, 'phone', 'user.phone.invalid'],
      ['a phone sent as a number', { phone: 912345678 }, 'phone', 'user.phone.invalid'],
      ['no phone', { phone: undefined }, 'phone', 'user.phone.invalid'],
      ['a broken e-mail', { email: 'an@@example' }, 'email', 'user.email.invalid'],
      ['a short password', { password: 'abc123' }, 'password', 'user.password.weak'],
      ['a password without digits', { password: 'matkhaudai' }, 'password', 'user.password.weak'],
      ['a password without letters', { password: '1234567890' }, 'password', 'user.password.weak'],
      ['a 5-digit citizen ID', { citizenId: '12345' }, 'citizenId', 'user.citizenId.invalid'],
      ['a citizen ID with a letter', { citizenId: '00109001234X' }, 'citizenId', 'user.citizenId.invalid'],
      ['an unknown province', { provinceCode: '99' }, 'provinceCode', 'user.provinceCode.invalid'],
      ['a ward of another province', { wardCode: otherProvinceWard }, 'wardCode', 'user.wardCode.invalid'],
      ['an unknown ward', { wardCode: '00000000' }, 'wardCode', 'user.wardCode.invalid'],
      ['an unknown category', { category: 'alien' }, 'category', 'user.category.invalid'],
      ['a unit id that is not a UUID', { unitId: 'abc' }, 'unitId', 'user.unitId.invalid'],
      ['a unit that does not exist', { unitId: '00000000-0000-4000-8000-000000000000' }, 'unitId', 'user.unitId.invalid'],
      ['a role smuggled in', { roles: ['admin'] }, 'roles', null],
    ];

    it.each(cases)('%s', async (_what, change, field, messageKey) => {
      const body = registration({ fullName: `Người Thử ${uniq().replace(/\d/g, 'x')}` });
      const payload: Record<string, unknown> = { ...body, ...change, ...(await solvedCaptcha(app)) };
      for (const k of Object.keys(change)) if (change[k] === undefined) delete payload[k];
      const res = await post(payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code).toBe('validation.failed');
      const err = problem.errors.find((e: { field: string }) => e.field === field);
      expect(err).toBeDefined();
      expect(err.message).toBe(messageKey ? errorSpec(messageKey)!.vi : 'Trường này không được phép gửi lên.');
      expect(await countUsers(app, { phone: e164(body.phone as string), email: body.email as string, fullName: body.fullName as string })).toBe(0);
    });

    it('names every invalid field at once, in English on request', async () => {
      const res = await post(registration({ phone: '123', password: 'x', provinceCode: 'zz' }), { 'accept-language': 'en' });
      expect(res.statusCode).toBe(400);
      const fields = res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort();
      expect(fields).toEqual(['password', 'phone', 'provinceCode', 'wardCode']);
      expect(res.json().errors[0].message).toMatch(/[A-Za-z]/);
      expect(res.json().errors.find((e: { field: string }) => e.field === 'phone').message).toBe(errorSpec('user.phone.invalid')!.en);
    });
  });

  describe('duplicates: 409 naming the field, nothing written', () => {
    it('the same phone in another format', async () => {
      const first = await register(app);
      const intl = e164(first.phone); // +84… instead of 0…
      for (const variant of [intl, intl.slice(1)]) {
        const res = await post({ ...registration({ phone: variant }), ...(await solvedCaptcha(app)) });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ code: 'user.duplicate', errors: [{ field: 'phone', message: errorSpec('user.phone.taken')!.vi }] });
      }
      expect(await countUsers(app, { phone: intl })).toBe(1);
    });

    it('the same e-mail in other letter case', async () => {
      const first = await register(app);
      const body = registration({ email: first.email.toUpperCase() });
      const res = await post({ ...body, ...(await solvedCaptcha(app)) });
      expect(res.statusCode).toBe(409);
      expect(res.json().errors).toEqual([{ field: 'email', message: errorSpec('user.email.taken')!.vi }]);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });

    it('the same citizen ID', async () => {
      const cid = citizenId('0790');
      await register(app, { citizenId: cid });
      const body = registration({ citizenId: cid });
      const res = await post({ ...body, ...(await solvedCaptcha(app)) });
      expect(res.statusCode).toBe(409);
      expect(res.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.taken')!.vi }]);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });

    it('two identical registrations at once: one 201, one 409', async () => {
      const body = registration();
      const [a, b] = await Promise.all([post({ ...body, ...(await solvedCaptcha(app)) }), post({ ...body, ...(await solvedCaptcha(app)) })]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(1);
    });
  });

  describe('captcha', () => {
    it('GET /api/auth/captcha gives an SVG and an id, public and not cached', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/auth/captcha' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body.svg).toMatch(/^<svg/);
      expect(body.captchaId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.expiresIn).toBe(300);
      expect(await redisOf(app).ttl(captchaKey(body.captchaId))).toBeGreaterThan(290);
    });

    it('is required when enabled', async () => {
      const body = registration();
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.required')!.vi }]);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });

    it('refuses a wrong answer, and the captcha is then spent', async () => {
      const c = await solvedCaptcha(app);
      const body = registration();
      const wrong = await post({ ...body, captchaId: c.captchaId, captchaAnswer: 'zzzzz' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.wrong')!.vi }]);
      const retry = await post({ ...body, ...c });
      expect(retry.statusCode).toBe(400);
      expect(retry.json().errors[0].message).toBe(errorSpec('captcha.expired')!.vi);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });

    it('refuses an expired captcha', async () => {
      const c = await solvedCaptcha(app);
      await redisOf(app).pexpire(captchaKey(c.captchaId), 1);
      await new Promise((r) => setTimeout(r, 20));
      const body = registration();
      const res = await post({ ...body, ...c });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'captchaAnswer', message: errorSpec('captcha.expired')!.vi }]);
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });

    it('refuses a captcha used once already (single use), answer case-insensitive', async () => {
      const c = await solvedCaptcha(app);
      const ok = await post({ ...registration(), captchaId: c.captchaId, captchaAnswer: c.captchaAnswer.toLowerCase() });
      expect(ok.statusCode).toBe(201);
      const body = registration();
      const again = await post({ ...body, ...c });
      expect(again.statusCode).toBe(400);
      expect(again.json().errors[0]).toEqual({ field: 'captchaAnswer', message: errorSpec('captcha.expired')!.vi });
      expect(await countUsers(app, { phone: e164(body.phone as string) })).toBe(0);
    });
  });
});

describe('POST /api/auth/register with CAPTCHA_ENABLED=false', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers without a captcha', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: registration(), headers: { 'x-forwarded-for': ip() } });
    expect(res.statusCode).toBe(201);
  });
});
