import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { REDIS } from '@hoi-thi/platform';
import { claimUnique, uniq, uniqueIp, uniquePhone } from '@hoi-thi/testing';
import { captchaKey } from '../src/auth/captcha.repository';

/** A fresh mobile number (`090xxxxxxx`) no other test of this run uses (a random one collided now and then). */
export function phone(): string {
  return uniquePhone('090');
}
export const e164 = (local: string) => `+84${local.slice(1)}`;

/** A 12-digit citizen ID (CCCD) starting with `prefix` that no other test of this run uses. */
export function citizenId(prefix = '0'): string {
  const n = 12 - prefix.length;
  return claimUnique(
    'citizen-id',
    () =>
      `${prefix}${randomInt(0, 10 ** n)
        .toString()
        .padStart(n, '0')}`,
  );
}

/** A unique client address (X-Forwarded-For; the platform trusts its proxy) so rate limits do not mix tests. */
export function ip(): string {
  return uniqueIp();
}

export const PASSWORD = 'MatKhau2026';

/** A valid registration body (Hà Nội, Phường Ba Đình); override any field. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const u = uniq();
  return {
    fullName: 'Nguyễn Văn Thử',
    dateOfBirth: '1990-05-19',
    phone: phone(),
    email: `thu.${u}@example.vn`,
    password: PASSWORD,
    provinceCode: '01',
    wardCode: '10101003',
    category: 'party-member',
    ...overrides,
  };
}

export const db = (app: NestFastifyApplication) => app.get<DataSource>(getDataSourceToken('registration'));
export const redisOf = (app: NestFastifyApplication) => app.get<Redis>(REDIS);

/** A captcha and its answer, read from Redis (the test seam: the key the service writes). */
export async function solvedCaptcha(app: NestFastifyApplication): Promise<{ captchaId: string; captchaAnswer: string }> {
  const res = await app.inject({ method: 'GET', url: '/api/auth/captcha' });
  const { captchaId } = res.json() as { captchaId: string };
  const answer = await redisOf(app).get(captchaKey(captchaId));
  return { captchaId, captchaAnswer: answer!.toUpperCase() };
}

export interface Registered {
  id: string;
  phone: string;
  email: string;
  body: Record<string, unknown>;
}

/** Registers through the API (solving the captcha when the app asks for one). */
export async function register(app: NestFastifyApplication, overrides: Record<string, unknown> = {}, captcha = true): Promise<Registered> {
  const body = registration(overrides);
  const payload = captcha ? { ...body, ...(await solvedCaptcha(app)) } : body;
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload, headers: { 'x-forwarded-for': ip() } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const user = res.json().user as { id: string; phone: string; email: string };
  return { id: user.id, phone: body.phone as string, email: body.email as string, body };
}

export async function login(app: NestFastifyApplication, loginName: string, password = PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: loginName, password }, headers: { 'x-forwarded-for': ip() } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json() as { accessToken: string; refreshToken: string; expiresIn: number };
}

/** Gives a registered user roles directly in the database, then logs in: a real token carrying them. */
export async function userWithRoles(app: NestFastifyApplication, roles: string[]): Promise<Registered & { token: string }> {
  const u = await register(app);
  await db(app).query('UPDATE registration.users SET roles = $2 WHERE id = $1', [u.id, roles]);
  const t = await login(app, u.phone);
  return { ...u, token: t.accessToken };
}

export async function countUsers(app: NestFastifyApplication, where: { phone?: string; email?: string; fullName?: string }): Promise<number> {
  const rows: { n: string }[] = await db(app).query('SELECT count(*) AS n FROM registration.users WHERE phone = $1 OR email = $2 OR full_name = $3', [
    where.phone ?? null,
    where.email ?? null,
    where.fullName ?? null,
  ]);
  return Number(rows[0].n);
}
