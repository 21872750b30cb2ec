import * as argon2 from 'argon2';
import { Client } from 'pg';
import { seedRegistration, DEMO_ACCOUNTS, DEMO_UNITS } from '../../src/seed/demo-seed';

describe('registration demo seed', () => {
  let pg: Client;
  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
  });

  const ctx = (demoPassword: string, lines: string[]) => ({
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: process.env.REDIS_URL!,
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX!,
    demoPassword,
    log: (l: string) => lines.push(l),
  });

  it('creates the unit tree and the demo accounts, is idempotent, and follows DEMO_PASSWORD', async () => {
    const lines: string[] = [];
    await seedRegistration(ctx('DemoPass123', lines));
    await seedRegistration(ctx('DemoPass123', lines));
    const units = await pg.query(`SELECT code, depth, member_count FROM registration.units WHERE code LIKE 'HN-%' ORDER BY code`);
    expect(units.rows).toHaveLength(DEMO_UNITS.length);
    expect(units.rows.find((u) => u.code === 'HN-BD-CB01')).toEqual({ code: 'HN-BD-CB01', depth: 2, member_count: 45 });
    const users = await pg.query(
      `SELECT u.phone, u.email, u.roles, u.password_hash, un.code AS unit FROM registration.users u LEFT JOIN registration.units un ON un.id = u.unit_id
        WHERE u.email LIKE '%@hoithi.local' ORDER BY u.phone`,
    );
    expect(users.rows.map((u) => [u.phone, u.email, u.roles])).toEqual(DEMO_ACCOUNTS.map((a) => [a.phone, a.email, a.roles]));
    expect(users.rows[0].unit).toBe('HN-TU');
    await expect(argon2.verify(users.rows[0].password_hash, 'DemoPass123')).resolves.toBe(true);
    expect(lines.filter((l) => l.includes('admin@hoithi.local'))).toHaveLength(2);
    expect(lines.join('\n')).toContain('0900000001');

    await seedRegistration(ctx('OtherPass456', []));
    const [admin] = (await pg.query(`SELECT password_hash FROM registration.users WHERE phone = '+84900000001'`)).rows;
    await expect(argon2.verify(admin.password_hash, 'OtherPass456')).resolves.toBe(true);
  });
});
