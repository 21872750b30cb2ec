import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { errorSpec } from '@hoi-thi/platform';
import { bearer, createTestApp, testEnv, testToken } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { citizenIdFingerprint } from '../../src/users/profile-rules';
import { citizenId, db, ip, login, register, userWithRoles } from '../support';

/** The citizen ID on a profile: added once by its owner (PATCH /api/me), changed only by an admin. */
describe('citizen ID (CCCD) on the profile', () => {
  let app: NestFastifyApplication;
  let admin: Awaited<ReturnType<typeof userWithRoles>>;
  const pepper = testEnv().CITIZEN_ID_PEPPER;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
    admin = await userWithRoles(app, ['admin']);
  });
  afterAll(async () => {
    await app.close();
  });

  const req = (method: 'GET' | 'PATCH', url: string, token?: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: payload as Record<string, unknown>, headers: { 'x-forwarded-for': ip(), ...(token ? bearer(token) : {}), ...headers } });

  const contestant = async (overrides: Record<string, unknown> = {}) => {
    const u = await register(app, overrides, false);
    return { ...u, token: (await login(app, u.phone)).accessToken };
  };
  const stored = async (id: string): Promise<{ hash: string | null; last3: string | null; fullName: string }> => {
    const [row] = await db(app).query(
      'SELECT citizen_id_hash AS hash, citizen_id_last3 AS last3, full_name AS "fullName" FROM registration.users WHERE id = $1',
      [id],
    );
    return row;
  };
  const auditOf = (id: string) =>
    db(app).query(
      `SELECT actor_id, action, details, ip FROM registration.audit_log WHERE target_type = 'user' AND target_id = $1 AND action LIKE 'user.citizenId.%' ORDER BY id`,
      [id],
    );

  it('lets a contestant add one: stored as at registration, audited without the number, shown only as “on file”', async () => {
    const u = await contestant();
    const before = await req('GET', '/api/me', u.token);
    expect(before.json()).toMatchObject({ hasCitizenId: false, citizenIdLast3: null });

    const cid = citizenId('001');
    const res = await req('PATCH', '/api/me', u.token, { citizenId: ` ${cid} ` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: u.id, hasCitizenId: true, citizenIdLast3: cid.slice(-3) });

    const row = await stored(u.id);
    expect(row.hash).toBe(citizenIdFingerprint(cid, pepper));
    const me = await req('GET', '/api/me', u.token);
    expect(me.json()).toMatchObject({ hasCitizenId: true });
    for (const body of [res.body, me.body]) {
      expect(body).not.toContain(cid);
      expect(body).not.toContain(row.hash);
      expect(body).not.toMatch(/citizenIdHash|citizen_id_hash/);
    }

    const audit = await auditOf(u.id);
    expect(audit).toEqual([{ actor_id: u.id, action: 'user.citizenId.set', details: { by: 'self' }, ip: expect.any(String) }]);
    expect(JSON.stringify(audit)).not.toContain(cid);
    expect(JSON.stringify(audit)).not.toContain(row.hash);
  });

  it('sees the same number registered through POST /api/auth/register as taken (one fingerprint for both routes)', async () => {
    const cid = citizenId('002');
    const owner = await register(app, { citizenId: cid }, false);
    expect((await stored(owner.id)).hash).toBe(citizenIdFingerprint(cid, pepper));
    const u = await contestant();
    const res = await req('PATCH', '/api/me', u.token, { citizenId: cid, fullName: 'Tên Không Đổi' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'user.duplicate', errors: [{ field: 'citizenId', message: errorSpec('user.citizenId.taken')!.vi }] });
    expect(await stored(u.id)).toEqual({ hash: null, last3: null, fullName: 'Nguyễn Văn Thử' });
    expect(await auditOf(u.id)).toEqual([]);
  });

  it('refuses a number another account added with 409 naming citizenId, and changes nothing', async () => {
    const cid = citizenId('003');
    const first = await contestant();
    expect((await req('PATCH', '/api/me', first.token, { citizenId: cid })).statusCode).toBe(200);
    const u = await contestant();
    const res = await req('PATCH', '/api/me', u.token, { citizenId: cid, fullName: 'Tên Không Đổi' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.taken')!.vi }]);
    expect(await stored(u.id)).toEqual({ hash: null, last3: null, fullName: 'Nguyễn Văn Thử' });
    expect(await auditOf(u.id)).toEqual([]);
    expect((await req('GET', '/api/me', u.token)).json().hasCitizenId).toBe(false);
  });

  describe('refuses a malformed one with 400 naming citizenId, in Vietnamese, and changes nothing', () => {
    it.each([
      ['5 digits', '12345'],
      ['13 digits', '0010900123456'],
      ['a letter', '00109001234X'],
      ['inner spaces', '001 090 012 345'],
      ['a JSON number', 1090012345],
      ['null (clearing is an admin’s act)', null],
    ])('%s', async (_what, value) => {
      const u = await contestant();
      const res = await req('PATCH', '/api/me', u.token, { citizenId: value, fullName: 'Tên Không Đổi' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.invalid')!.vi }]);
      expect(await stored(u.id)).toEqual({ hash: null, last3: null, fullName: 'Nguyễn Văn Thử' });
    });

    it('answers in English when asked', async () => {
      const u = await contestant();
      const res = await req('PATCH', '/api/me', u.token, { citizenId: '123' }, { 'accept-language': 'en' });
      expect(res.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.invalid')!.en }]);
    });
  });

  it('reads a blank one as not sent, as registration does', async () => {
    const u = await contestant();
    const res = await req('PATCH', '/api/me', u.token, { citizenId: '  ', fullName: 'Lê Văn Mới' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ fullName: 'Lê Văn Mới', hasCitizenId: false });
  });

  it('is set once: the same number again changes nothing, another one is refused (409) with the rest of the request', async () => {
    const cid = citizenId('004');
    const u = await contestant({ citizenId: cid });
    const hash = (await stored(u.id)).hash;
    expect(hash).toBe(citizenIdFingerprint(cid, pepper));

    const same = await req('PATCH', '/api/me', u.token, { citizenId: cid, fullName: 'Lê Văn Mới' });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ fullName: 'Lê Văn Mới', hasCitizenId: true });

    const other = await req('PATCH', '/api/me', u.token, { citizenId: citizenId('005'), fullName: 'Tên Không Đổi' });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      code: 'user.citizenId.locked',
      detail: errorSpec('user.citizenId.locked')!.vi,
      errors: [{ field: 'citizenId', message: errorSpec('user.citizenId.locked')!.vi }],
    });
    expect(await stored(u.id)).toEqual({ hash, last3: cid.slice(-3), fullName: 'Lê Văn Mới' });
    expect(await auditOf(u.id)).toEqual([]);
  });

  it('lets only one of two racing requests of one account set a number', async () => {
    const u = await contestant();
    const [a, b] = [citizenId('006'), citizenId('006')];
    const answers = await Promise.all([a, b].map((cid) => req('PATCH', '/api/me', u.token, { citizenId: cid })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const won = answers[0].statusCode === 200 ? a : b;
    expect((await stored(u.id)).hash).toBe(citizenIdFingerprint(won, pepper));
    expect((await auditOf(u.id)).length).toBe(1);
  });

  it('lets only one of two accounts racing for one number have it (the unique index decides)', async () => {
    const cid = citizenId('007');
    const [u, v] = await Promise.all([contestant(), contestant()]);
    const answers = await Promise.all([u, v].map((x) => req('PATCH', '/api/me', x.token, { citizenId: cid })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = answers.find((r) => r.statusCode === 409)!;
    expect(lost.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.taken')!.vi }]);
    const [{ n }] = await db(app).query('SELECT count(*)::int AS n FROM registration.users WHERE citizen_id_hash = $1', [citizenIdFingerprint(cid, pepper)]);
    expect(n).toBe(1);
  });

  it('needs a token', async () => {
    expect((await req('PATCH', '/api/me', undefined, { citizenId: citizenId('008') })).statusCode).toBe(401);
    expect((await req('GET', '/api/me')).statusCode).toBe(401);
  });

  describe('PATCH /api/users/:id/citizen-id (admin)', () => {
    it('is for admins only', async () => {
      const u = await contestant();
      const cid = citizenId('009');
      expect((await req('PATCH', `/api/users/${u.id}/citizen-id`, undefined, { citizenId: cid })).statusCode).toBe(401);
      expect((await req('PATCH', `/api/users/${u.id}/citizen-id`, u.token, { citizenId: cid })).statusCode).toBe(403);
      for (const role of ['organizer', 'judge'] as const) {
        expect((await req('PATCH', `/api/users/${u.id}/citizen-id`, testToken([role]), { citizenId: cid })).statusCode).toBe(403);
      }
      expect(await stored(u.id)).toMatchObject({ hash: null, last3: null });
    });

    it('changes and clears a number, audited without it, after which the contestant may add one again', async () => {
      const first = citizenId('010');
      const u = await contestant({ citizenId: first });
      const second = citizenId('010');
      const changed = await req('PATCH', `/api/users/${u.id}/citizen-id`, admin.token, { citizenId: second });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ id: u.id, hasCitizenId: true, citizenIdLast3: second.slice(-3) });
      expect(changed.body).not.toContain(second);
      expect((await stored(u.id)).hash).toBe(citizenIdFingerprint(second, pepper));

      const cleared = await req('PATCH', `/api/users/${u.id}/citizen-id`, admin.token, { citizenId: null });
      expect(cleared.json()).toMatchObject({ hasCitizenId: false, citizenIdLast3: null });
      expect(await stored(u.id)).toMatchObject({ hash: null, last3: null });

      const third = citizenId('010');
      expect((await req('PATCH', '/api/me', u.token, { citizenId: third })).statusCode).toBe(200);
      const audit = await auditOf(u.id);
      expect(audit.map((a: { actor_id: string; action: string; details: unknown }) => [a.actor_id, a.action, a.details])).toEqual([
        [admin.id, 'user.citizenId.changed', { hadCitizenId: true, hasCitizenId: true }],
        [admin.id, 'user.citizenId.changed', { hadCitizenId: true, hasCitizenId: false }],
        [u.id, 'user.citizenId.set', { by: 'self' }],
      ]);
      for (const cid of [first, second, third]) expect(JSON.stringify(audit)).not.toContain(cid);
    });

    it('refuses another account’s number (409), a malformed one (400) and an unknown user (404)', async () => {
      const taken = citizenId('011');
      await register(app, { citizenId: taken }, false);
      const mine = citizenId('011');
      const u = await contestant({ citizenId: mine });
      const dup = await req('PATCH', `/api/users/${u.id}/citizen-id`, admin.token, { citizenId: taken });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.taken')!.vi }]);
      for (const body of [{ citizenId: '123' }, { citizenId: '' }, {}]) {
        const bad = await req('PATCH', `/api/users/${u.id}/citizen-id`, admin.token, body);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().errors).toEqual([{ field: 'citizenId', message: errorSpec('user.citizenId.invalid')!.vi }]);
      }
      expect((await stored(u.id)).hash).toBe(citizenIdFingerprint(mine, pepper));
      expect(await auditOf(u.id)).toEqual([]);
      expect((await req('PATCH', `/api/users/${randomUUID()}/citizen-id`, admin.token, { citizenId: citizenId('011') })).statusCode).toBe(404);
    });
  });
});
