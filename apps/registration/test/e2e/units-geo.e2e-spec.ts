import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { errorSpec } from '@hoi-thi/platform';
import { bearer, createTestApp, testToken, uniq } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { db, ip, register } from '../support';

function multipart(csv: string, filename = 'units.csv'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----hoithi${uniq()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(csv, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('units and geo', () => {
  let app: NestFastifyApplication;
  const organizer = () => testToken(['organizer']);
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
  });
  afterAll(async () => {
    await app.close();
  });

  const createUnit = (body: Record<string, unknown>, token?: string) =>
    app.inject({ method: 'POST', url: '/api/units', payload: body, headers: token ? bearer(token) : {} });
  const importCsv = (csv: string, token?: string) => {
    const m = multipart(csv);
    return app.inject({ method: 'POST', url: '/api/units/import', payload: m.payload, headers: { ...m.headers, ...(token ? bearer(token) : {}) } });
  };

  describe('POST /api/units (organizer, admin)', () => {
    it('creates a root and a child, audited', async () => {
      const code = `TU-${uniq()}`;
      const root = await createUnit({ code, name: 'Thành ủy Thử', memberCount: 1000 }, organizer());
      expect(root.statusCode).toBe(201);
      expect(root.json()).toMatchObject({ code, name: 'Thành ủy Thử', memberCount: 1000, depth: 0, parentId: null });
      const child = await createUnit({ code: `${code}-CB1`, name: 'Chi bộ 1', parentId: root.json().id }, testToken(['admin']));
      expect(child.statusCode).toBe(201);
      expect(child.json()).toMatchObject({ depth: 1, parentId: root.json().id, memberCount: null });
      const audit = await db(app).query(`SELECT action FROM registration.audit_log WHERE target_type = 'unit' AND target_id = $1`, [root.json().id]);
      expect(audit).toEqual([{ action: 'unit.created' }]);
    });

    it('is refused to everyone else', async () => {
      const body = { code: `X-${uniq()}`, name: 'Không được' };
      expect((await createUnit(body)).statusCode).toBe(401);
      expect((await createUnit(body, testToken(['contestant']))).statusCode).toBe(403);
      expect((await createUnit(body, testToken(['judge']))).statusCode).toBe(403);
      expect(await db(app).query('SELECT 1 FROM registration.units WHERE code = $1', [body.code])).toEqual([]);
    });

    it('answers 409 for a taken code and 400 naming the field otherwise', async () => {
      const code = `D-${uniq()}`;
      expect((await createUnit({ code, name: 'Đơn vị' }, organizer())).statusCode).toBe(201);
      const dup = await createUnit({ code, name: 'Đơn vị khác' }, organizer());
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors).toEqual([{ field: 'code', message: errorSpec('unit.code.taken')!.vi }]);
      const bad = await createUnit({ code: 'có dấu', name: 'x', memberCount: -1, parentId: randomUUID() }, organizer());
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['code', 'memberCount', 'name']);
      const orphan = await createUnit({ code: `O-${uniq()}`, name: 'Mồ côi', parentId: randomUUID() }, organizer());
      expect(orphan.statusCode).toBe(400);
      expect(orphan.json().errors).toEqual([{ field: 'parentId', message: errorSpec('unit.parent.invalid')!.vi }]);
    });
  });

  describe('GET /api/units (public)', () => {
    it('lists the tree flat or nested, without a token', async () => {
      const code = `L-${uniq()}`;
      const root = (await createUnit({ code, name: 'Gốc liệt kê' }, organizer())).json();
      await createUnit({ code: `${code}-1`, name: 'Con liệt kê', parentId: root.id, memberCount: 7 }, organizer());
      const flat = await app.inject({ method: 'GET', url: '/api/units' });
      expect(flat.statusCode).toBe(200);
      expect(flat.json().nextCursor).toBeNull(); // the whole tree, one page
      expect(flat.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ code: `${code}-1`, parentId: root.id, memberCount: 7, depth: 1 })]));
      const tree = await app.inject({ method: 'GET', url: '/api/units?view=tree', headers: bearer(testToken(['contestant'])) });
      const node = tree.json().items.find((u: { code: string }) => u.code === code);
      expect(node.children).toEqual([expect.objectContaining({ code: `${code}-1`, children: [] })]);
    });
  });

  describe('POST /api/units/import (organizer, admin)', () => {
    it('imports a CSV row by row and reports the rejected rows', async () => {
      const p = uniq();
      const csv = [
        'code,name,parentCode,memberCount',
        `${p}-CB1,Chi bộ 1,${p}-PX,25`,
        `${p}-PX,Đảng ủy phường X,${p}-TU,"1,200"`,
        `${p}-TU,Thành ủy Nhập,,`,
        `bad code,Tên,,`,
        `${p}-CB2,Chi bộ 2,KHONG-CO,3`,
        `${p}-CB3,Chi bộ 3,${p}-PX,-4`,
      ].join('\n');
      const res = await importCsv(csv, organizer());
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        imported: 3,
        updated: 0,
        rejected: [
          { row: 5, field: 'code', code: 'unit.code.invalid', message: errorSpec('unit.code.invalid')!.vi },
          { row: 6, field: 'parentCode', code: 'unit.parent.invalid', message: errorSpec('unit.parent.invalid')!.vi },
          { row: 7, field: 'memberCount', code: 'unit.memberCount.invalid', message: errorSpec('unit.memberCount.invalid')!.vi },
        ],
      });
      const rows = await db(app).query(
        `SELECT u.code, u.depth, u.member_count, p.code AS parent FROM registration.units u LEFT JOIN registration.units p ON p.id = u.parent_id
          WHERE u.code LIKE $1 ORDER BY u.depth`,
        [`${p}-%`],
      );
      expect(rows).toEqual([
        { code: `${p}-TU`, depth: 0, member_count: null, parent: null },
        { code: `${p}-PX`, depth: 1, member_count: 1200, parent: `${p}-TU` },
        { code: `${p}-CB1`, depth: 2, member_count: 25, parent: `${p}-PX` },
      ]);
      // A second import updates names and member counts in place.
      const again = await importCsv(`code;name;parentCode;memberCount\n${p}-CB1;Chi bộ số 1;${p}-PX;30\n`, testToken(['admin']));
      expect(again.json()).toMatchObject({ imported: 0, updated: 1, rejected: [] });
      const audit = await db(app).query(`SELECT count(*)::int AS n FROM registration.audit_log WHERE action = 'units.imported' AND details->'codes' ? $1`, [
        `${p}-TU`,
      ]);
      expect(audit[0].n).toBe(1);
    });

    it('is refused to everyone else, and without a file', async () => {
      const csv = `code,name\nZ-${uniq()},Không được\n`;
      expect((await importCsv(csv)).statusCode).toBe(401);
      expect((await importCsv(csv, testToken(['contestant']))).statusCode).toBe(403);
      expect((await importCsv(csv, testToken(['judge']))).statusCode).toBe(403);
      const noFile = await app.inject({ method: 'POST', url: '/api/units/import', payload: {}, headers: bearer(organizer()) });
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json().errors[0].field).toBe('file');
      const noColumns = await importCsv('a,b\n1,2\n', organizer());
      expect(noColumns.statusCode).toBe(400);
      expect(noColumns.json().errors[0].message).toBe(errorSpec('units.import.malformed')!.vi);
    });
  });

  describe('registering into a unit', () => {
    it('accepts a unit of the tree and puts it in the token', async () => {
      const unit = (await createUnit({ code: `R-${uniq()}`, name: 'Đơn vị đăng ký' }, organizer())).json();
      const u = await register(app, { unitId: unit.id }, false);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: u.phone, password: 'MatKhau2026' },
        headers: { 'x-forwarded-for': ip() },
      });
      const claims = JSON.parse(Buffer.from(login.json().accessToken.split('.')[1], 'base64url').toString());
      expect(claims.unitId).toBe(unit.id);
    });
  });

  describe('GET /api/geo (public)', () => {
    it('lists the 34 provinces', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/geo/provinces' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toContain('max-age');
      expect(res.json().items).toHaveLength(34);
      expect(res.json().nextCursor).toBeNull();
      expect(res.json().items).toContainEqual({ code: '01', name: 'Hà Nội' });
    });

    it('lists a province’s wards, 3,321 in all', async () => {
      const hn = await app.inject({ method: 'GET', url: '/api/geo/provinces/01/wards' });
      expect(hn.json().items).toContainEqual({ code: '10101003', name: 'Phường Ba Đình' });
      const provinces = (await app.inject({ method: 'GET', url: '/api/geo/provinces' })).json().items as { code: string }[];
      let total = 0;
      for (const p of provinces) total += (await app.inject({ method: 'GET', url: `/api/geo/provinces/${p.code}/wards` })).json().items.length;
      expect(total).toBe(3321);
      expect((await app.inject({ method: 'GET', url: '/api/geo/provinces/99/wards' })).statusCode).toBe(404);
    });
  });
});
