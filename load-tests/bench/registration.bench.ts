import * as argon2 from 'argon2';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { BenchModule, BenchRow } from './bench-types';
import { load, peakRssMb, postJson } from './bench-lib';

/**
 * Registration under a round's opening burst: logins per second (one argon2id verify each) and registrations per
 * second (one argon2id hash each), p50/p99, peak memory; plus GET /api/me (JWT check + one PostgreSQL read) as
 * the same stack's figure without hashing. Users are pre-inserted straight into PostgreSQL with one precomputed
 * hash (same parameters as the service), so the login phase measures logins, not the set-up.
 */
const PRE_REGISTERED = 20_000;
// Phones of this bench: +8498xxxxxxx for pre-registered users, +8497xxxxxxx for those registered under load.
const preRegistered = (i: number) => `+8498${String(i).padStart(7, '0')}`;
const HASH = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const PASSWORD = 'MatKhau2026';

export const bench: BenchModule = {
  area: 'registration',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const concurrency = ctx.env.HASH_CONCURRENCY ?? '4';
    const queue = ctx.env.HASH_QUEUE_LIMIT ?? '200';
    const params = `argon2id m=19456 KiB t=2 p=1, HASH_CONCURRENCY=${concurrency}, HASH_QUEUE_LIMIT=${queue}`;

    const pg = new Client({ connectionString: ctx.env.DATABASE_URL });
    await pg.connect();
    try {
      const hash = await argon2.hash(PASSWORD, HASH);
      const t0 = Date.now();
      await pg.query(
        `INSERT INTO registration.users (full_name, date_of_birth, phone, password_hash, province_code, ward_code, category)
         SELECT 'Thí Sinh ' || i, DATE '1990-01-01' + (i % 9000), '+8498' || lpad(i::text, 7, '0'), $1, '01', '10101003', 'other'
           FROM generate_series(0, $2 - 1) AS i
         ON CONFLICT DO NOTHING`,
        [hash, PRE_REGISTERED],
      );
      ctx.log(`pre-registered ${PRE_REGISTERED.toLocaleString('en-US')} users by direct insert in ${Date.now() - t0} ms`);
    } finally {
      await pg.end();
    }

    // The ceiling of the hashing itself: argon2id with the same parameters, HASH_CONCURRENCY at once, no HTTP.
    const ceiling = await hashesPerSecond(Number(concurrency), Math.max(2, ctx.seconds / 2));
    ctx.log(`argon2id alone: ${ceiling} hashes/s at ${concurrency} at once; load average ${loadavg()[0].toFixed(1)}`);

    // Logins: each request a random pre-registered user, phone in local format (0 98…), as people type it.
    const login = await load({
      url: `${ctx.baseUrl}/api/auth/login`,
      connections: 50,
      duration: ctx.seconds,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = Math.floor(Math.random() * PRE_REGISTERED);
            return { ...req, body: JSON.stringify({ login: `0${preRegistered(i).slice(3)}`, password: PASSWORD }) };
          },
        },
      ],
    });
    rows.push({
      area: 'registration',
      name: 'POST /api/auth/login (50 connections)',
      throughput: login.throughput,
      p50Ms: login.p50Ms,
      p99Ms: login.p99Ms,
      ceiling,
      peakRssMb: peakRssMb(ctx.pid),
      note: `${params}; ${login.total} sent, ${login.non2xx} non-2xx, ${login.errors} errors; load avg ${loadavg()[0].toFixed(1)}`,
    });

    await drain();
    // Registrations: a unique phone per request, no captcha (CAPTCHA_ENABLED=false in the bench).
    let seq = 0;
    const base = Math.floor(Math.random() * 5_000_000);
    const register = await load({
      url: `${ctx.baseUrl}/api/auth/register`,
      connections: 50,
      duration: ctx.seconds,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const n = base + seq++;
            return {
              ...req,
              body: JSON.stringify({
                fullName: 'Nguyễn Văn Đăng Ký',
                dateOfBirth: '1992-03-04',
                phone: `097${String(n).padStart(7, '0')}`,
                password: PASSWORD,
                provinceCode: '01',
                wardCode: '10101003',
                category: 'student',
              }),
            };
          },
        },
      ],
    });
    rows.push({
      area: 'registration',
      name: 'POST /api/auth/register (50 connections)',
      throughput: register.throughput,
      p50Ms: register.p50Ms,
      p99Ms: register.p99Ms,
      ceiling,
      peakRssMb: peakRssMb(ctx.pid),
      note: `${params}; ${register.total} sent, ${register.non2xx} non-2xx, ${register.errors} errors; load avg ${loadavg()[0].toFixed(1)}`,
    });

    await drain();
    // The same stack without hashing: a JWT check and one indexed read.
    const tokens = await postJson<{ accessToken: string }>(ctx.baseUrl, '/api/auth/login', { login: `0${preRegistered(1).slice(3)}`, password: PASSWORD });
    const me = await load({
      url: `${ctx.baseUrl}/api/me`,
      connections: 50,
      duration: ctx.seconds,
      headers: { authorization: `Bearer ${tokens.body.accessToken}` },
    });
    rows.push({
      area: 'registration',
      name: 'GET /api/me (JWT + 1 PostgreSQL read, no hashing)',
      throughput: me.throughput,
      p50Ms: me.p50Ms,
      p99Ms: me.p99Ms,
      peakRssMb: peakRssMb(ctx.pid),
      note: `${me.non2xx} non-2xx, ${me.errors} errors`,
    });
    return rows;
  },
};

/** Lets the requests still queued from a phase finish before the next one starts. */
const drain = () => new Promise((r) => setTimeout(r, 5000));

async function hashesPerSecond(concurrency: number, seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  const start = Date.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        await argon2.hash(`${PASSWORD}${w}:${i}`, HASH);
        done++;
      }
    }),
  );
  return Math.round(done / ((Date.now() - start) / 1000));
}
