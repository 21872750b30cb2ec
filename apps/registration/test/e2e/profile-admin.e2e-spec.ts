import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { errorSpec } from '@hoi-thi/platform';
import { bearer, createTestApp, testToken, uniq } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { db, e164, ip, login, register, userWithRoles } from '../support';

describe('profiles, users and roles', () => {
  let app: NestFastifyApplication;
  let admin: Awaited<ReturnType<typeof userWithRoles>>;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
    admin = await userWithRoles(app, ['admin']);
  });
  afterAll(async () => {
    await app.close();
  });

  const req = (method: 'GET' | 'PATCH' | 'POST', url: string, token?: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as Record<string, unknown>, headers: { 'x-forwarded-for': ip(), ...(token ? bearer(token) : {}) } });

  describe('GET/PATCH /api/me', () => {
    it('needs a token', async () => {
      expect((await req('GET', '/api/me')).statusCode).toBe(401);
      expect((await req('PATCH', '/api/me', undefined, { fullName: 'Ai Đó' })).statusCode).toBe(401);
    });

    it('shows and changes the own profile', async () => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      const got = await req('GET', '/api/me', t.accessToken);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({ id: u.id, phone: e164(u.phone), roles: ['contestant'] });
      const email = `moi.${uniq()}@example.vn`;
      const res = await req('PATCH', '/api/me', t.accessToken, {
        fullName: 'Lê Thị Mới',
        email: email.toUpperCase(),
        provinceCode: '04',
        wardCode: '10325050',
        category: 'student',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ fullName: 'Lê Thị Mới', email, provinceCode: '04', wardCode: '10325050', category: 'student' });
    });

    it.each([
      ['roles', { roles: ['admin'] }],
      ['phone', { phone: '0912345678' }],
      ['id', { id: randomUUID() }],
      ['passwordHash', { passwordHash: 'x' }],
      ['disabled', { disabled: false }],
    ])('refuses %s (400) and changes nothing', async (field, patch) => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      const before = (await req('GET', '/api/me', t.accessToken)).json();
      const res = await req('PATCH', '/api/me', t.accessToken, { fullName: 'Tên Khác Hẳn', ...patch });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await req('GET', '/api/me', t.accessToken)).json()).toEqual(before);
    });

    it('needs the ward to lie in the province (new or kept)', async () => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      for (const patch of [{ provinceCode: '04' }, { wardCode: '10325050' }, { provinceCode: '01', wardCode: '10325050' }]) {
        const res = await req('PATCH', '/api/me', t.accessToken, patch);
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual([{ field: 'wardCode', message: errorSpec('user.wardCode.invalid')!.vi }]);
      }
      expect((await req('GET', '/api/me', t.accessToken)).json()).toMatchObject({ provinceCode: '01', wardCode: '10101003' });
    });

    it('refuses another account’s e-mail with 409 and an unknown unit with 400', async () => {
      const u = await register(app, {}, false);
      const v = await register(app, {}, false);
      const t = await login(app, u.phone);
      const dup = await req('PATCH', '/api/me', t.accessToken, { email: v.email });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors).toEqual([{ field: 'email', message: errorSpec('user.email.taken')!.vi }]);
      const unit = await req('PATCH', '/api/me', t.accessToken, { unitId: randomUUID() });
      expect(unit.statusCode).toBe(400);
      expect(unit.json().errors[0].field).toBe('unitId');
    });
  });

  describe('GET /api/users (admin)', () => {
    it('is for admins only', async () => {
      expect((await req('GET', '/api/users')).statusCode).toBe(401);
      for (const role of ['contestant', 'organizer', 'judge'] as const) {
        expect((await req('GET', '/api/users', testToken([role]))).statusCode).toBe(403);
      }
    });

    it('pages newest first with a cursor', async () => {
      const tag = `Trang${uniq().replace(/\d/g, 'k')}`;
      for (let i = 0; i < 3; i++) await register(app, { fullName: `${tag} Người ${'abc'[i]}` }, false);
      const p1 = await req('GET', `/api/users?limit=2&q=${encodeURIComponent(tag)}`, admin.token);
      expect(p1.statusCode).toBe(200);
      expect(p1.json().items.map((u: { fullName: string }) => u.fullName)).toEqual([`${tag} Người c`, `${tag} Người b`]);
      const p2 = await req('GET', `/api/users?limit=2&q=${encodeURIComponent(tag)}&cursor=${p1.json().nextCursor}`, admin.token);
      expect(p2.json()).toEqual({ items: [expect.objectContaining({ fullName: `${tag} Người a` })], nextCursor: null });
    });

    it('finds a user by phone in any format', async () => {
      const u = await register(app, {}, false);
      for (const q of [u.phone, e164(u.phone)]) {
        const res = await req('GET', `/api/users?q=${encodeURIComponent(q)}`, admin.token);
        expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([u.id]);
      }
    });

    it('refuses a bad limit or cursor', async () => {
      expect((await req('GET', '/api/users?limit=1000', admin.token)).statusCode).toBe(400);
      expect((await req('GET', '/api/users?cursor=bm9wZQ', admin.token)).statusCode).toBe(400);
    });
  });

  describe('PATCH /api/users/:id/roles (admin)', () => {
    it('is for admins only, and a contestant cannot raise its own role', async () => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      expect((await req('PATCH', `/api/users/${u.id}/roles`, undefined, { roles: ['admin'] })).statusCode).toBe(401);
      expect((await req('PATCH', `/api/users/${u.id}/roles`, t.accessToken, { roles: ['admin'] })).statusCode).toBe(403);
      expect((await req('PATCH', `/api/users/${u.id}/roles`, testToken(['organizer']), { roles: ['admin'] })).statusCode).toBe(403);
      const [row] = await db(app).query('SELECT roles FROM registration.users WHERE id = $1', [u.id]);
      expect(row.roles).toEqual(['contestant']);
    });

    it('grants and removes roles, audited: the old access token is refused, a refresh carries the new roles', async () => {
      const u = await register(app, {}, false);
      const res = await req('PATCH', `/api/users/${u.id}/roles`, admin.token, { roles: ['contestant', 'organizer'] });
      expect(res.statusCode).toBe(200);
      expect(res.json().roles).toEqual(['contestant', 'organizer']);
      const t = await login(app, u.phone);
      const down = await req('PATCH', `/api/users/${u.id}/roles`, admin.token, { roles: ['contestant'] });
      expect(down.json().roles).toEqual(['contestant']);
      expect((await req('GET', '/api/me', t.accessToken)).statusCode).toBe(401);
      const refresh = await req('POST', '/api/auth/refresh', undefined, { refreshToken: t.refreshToken });
      expect(refresh.statusCode).toBe(200);
      expect((await req('GET', '/api/me', refresh.json().accessToken)).json().roles).toEqual(['contestant']);
      const audit = await db(app).query(
        `SELECT actor_id, action, details FROM registration.audit_log WHERE target_type = 'user' AND target_id = $1 ORDER BY id`,
        [u.id],
      );
      expect(audit).toEqual([
        { actor_id: admin.id, action: 'user.roles.changed', details: { before: ['contestant'], after: ['contestant', 'organizer'] } },
        { actor_id: admin.id, action: 'user.roles.changed', details: { before: ['contestant', 'organizer'], after: ['contestant'] } },
      ]);
    });

    it.each([[[]], [['king']], [['judge', 'judge']], ['admin']])('refuses roles %j', async (roles) => {
      const u = await register(app, {}, false);
      const res = await req('PATCH', `/api/users/${u.id}/roles`, admin.token, { roles });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'roles', message: errorSpec('user.roles.invalid')!.vi }]);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await req('PATCH', `/api/users/${randomUUID()}/roles`, admin.token, { roles: ['judge'] })).statusCode).toBe(404);
      expect((await req('PATCH', '/api/users/not-a-uuid/roles', admin.token, { roles: ['judge'] })).statusCode).toBe(404);
    });
  });
});
