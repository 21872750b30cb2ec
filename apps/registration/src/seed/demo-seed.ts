import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { SeedContext, serviceDataSourceOptions } from '@hoi-thi/platform';
import type { Role } from '@hoi-thi/contracts';
import { ARGON2_OPTIONS } from '../auth/password-hasher';
import { REGISTRATION_DATABASE } from '../registration.database';

/** A demo unit tree: a city committee, ward committees, cells (codes are stable: the seed is idempotent). */
export const DEMO_UNITS: { code: string; name: string; parent: string | null; members: number | null }[] = [
  { code: 'HN-TU', name: 'Thành ủy Hà Nội', parent: null, members: 450000 },
  { code: 'HN-BD', name: 'Đảng ủy phường Ba Đình', parent: 'HN-TU', members: 3200 },
  { code: 'HN-BD-CB01', name: 'Chi bộ khu dân cư số 1', parent: 'HN-BD', members: 45 },
  { code: 'HN-BD-CB02', name: 'Chi bộ khu dân cư số 2', parent: 'HN-BD', members: 38 },
  { code: 'HN-BD-CB03', name: 'Chi bộ Trường THCS Ba Đình', parent: 'HN-BD', members: 27 },
  { code: 'HN-HK', name: 'Đảng ủy phường Hoàn Kiếm', parent: 'HN-TU', members: 2900 },
  { code: 'HN-HK-CB01', name: 'Chi bộ khu phố Hàng Bạc', parent: 'HN-HK', members: 52 },
  { code: 'HN-HK-CB02', name: 'Chi bộ khu phố Hàng Đào', parent: 'HN-HK', members: 41 },
  { code: 'HN-CG', name: 'Đảng ủy phường Cầu Giấy', parent: 'HN-TU', members: 4100 },
  { code: 'HN-CG-CB01', name: 'Chi bộ tổ dân phố số 5', parent: 'HN-CG', members: 36 },
  { code: 'HN-CG-CB02', name: 'Chi bộ Trường Đại học Sư phạm', parent: 'HN-CG', members: 120 },
];

/** Demo accounts (password: DEMO_PASSWORD). Ward codes are those of vn-admin-units.json. */
export const DEMO_ACCOUNTS: { phone: string; email: string; name: string; roles: Role[]; unit: string; ward: string }[] = [
  { phone: '+84900000001', email: 'admin@hoithi.local', name: 'Quản Trị Viên', roles: ['admin'], unit: 'HN-TU', ward: '10101003' },
  { phone: '+84900000002', email: 'organizer@hoithi.local', name: 'Ban Tổ Chức', roles: ['organizer'], unit: 'HN-TU', ward: '10101003' },
  { phone: '+84900000003', email: 'judge@hoithi.local', name: 'Ban Giám Khảo', roles: ['judge'], unit: 'HN-TU', ward: '10101003' },
  { phone: '+84900000004', email: 'thisinh1@hoithi.local', name: 'Nguyễn Văn An', roles: ['contestant'], unit: 'HN-BD-CB01', ward: '10101003' },
  { phone: '+84900000005', email: 'thisinh2@hoithi.local', name: 'Trần Thị Bình', roles: ['contestant'], unit: 'HN-CG-CB01', ward: '10113025' },
];

/**
 * `npm start`'s demo: the unit tree and the demo accounts. Idempotent: existing rows are kept (units by code,
 * accounts by phone); an account whose password is not DEMO_PASSWORD any more gets it again.
 */
export async function seedRegistration(ctx: SeedContext): Promise<void> {
  const ds = new DataSource(serviceDataSourceOptions(REGISTRATION_DATABASE, { url: ctx.databaseUrl, poolSize: 2 }));
  await ds.initialize();
  try {
    let newUnits = 0;
    for (const u of DEMO_UNITS) {
      const r: unknown[] = await ds.query(
        `INSERT INTO registration.units (code, name, parent_id, member_count, depth)
         SELECT $1, $2, p.id, $4, COALESCE(p.depth + 1, 0)
           FROM (SELECT 1) one LEFT JOIN registration.units p ON p.code = $3
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [u.code, u.name, u.parent, u.members],
      );
      newUnits += r.length;
    }
    ctx.log(`unit tree: ${DEMO_UNITS.length} demo units (${newUnits} new)`);
    for (const a of DEMO_ACCOUNTS) {
      const found: { id: string; password_hash: string }[] = await ds.query('SELECT id, password_hash FROM registration.users WHERE phone = $1', [a.phone]);
      if (!found.length) {
        const hash = await argon2.hash(ctx.demoPassword, ARGON2_OPTIONS);
        await ds.query(
          `INSERT INTO registration.users (full_name, date_of_birth, phone, email, password_hash, province_code, ward_code, unit_id, category, roles)
           SELECT $1, '1985-01-15', $2, $3, $4, '01', $5, (SELECT id FROM registration.units WHERE code = $6), 'civil-servant', $7
           ON CONFLICT DO NOTHING`,
          [a.name, a.phone, a.email, hash, a.ward, a.unit, a.roles],
        );
      } else if (!(await argon2.verify(found[0].password_hash, ctx.demoPassword).catch(() => false))) {
        await ds.query('UPDATE registration.users SET password_hash = $2, updated_at = now() WHERE id = $1', [
          found[0].id,
          await argon2.hash(ctx.demoPassword, ARGON2_OPTIONS),
        ]);
      }
      const local = `0${a.phone.slice(3)}`;
      ctx.log(`demo ${a.roles.join(',').padEnd(10)} login: ${local} or ${a.email}`);
    }
    ctx.log(`demo accounts' password: ${ctx.demoPassword} (DEMO_PASSWORD)`);
  } finally {
    await ds.destroy();
  }
}
