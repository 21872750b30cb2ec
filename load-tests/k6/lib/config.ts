import http from 'k6/http';
import { check, fail } from 'k6';

/** Target of the run: `k6 run -e BASE_URL=https://thi.example.vn load-tests/k6/exam-journey.ts`. */
export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:3000').replace(/\/$/, '');
/** The round the journeys take (the demo round by default: GET /api/contests lists the ids). */
export const ROUND_ID = __ENV.ROUND_ID || '';
/** Password used for the accounts the scenarios register. */
export const PASSWORD = __ENV.PASSWORD || 'LoadTest@2026';

export const JSON_HEADERS = { 'content-type': 'application/json', 'accept-language': 'vi' };

export function authHeaders(token: string): Record<string, string> {
  return { ...JSON_HEADERS, authorization: `Bearer ${token}` };
}

/** A Vietnamese mobile number unique to this VU and iteration (09 + 8 digits). */
export function uniquePhone(vu: number, iter: number, salt = 0): string {
  const n = (vu * 100003 + iter * 7919 + salt * 104729) % 100000000;
  return `09${String(n).padStart(8, '0')}`;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Registers a contestant (the target must run with CAPTCHA_ENABLED=false) and logs in. */
export function registerAndLogin(phone: string, provinceCode: string, wardCode: string, unitId?: string): Tokens {
  const reg = http.post(
    `${BASE_URL}/api/auth/register`,
    JSON.stringify({
      fullName: 'Người Thi Tải',
      dateOfBirth: '1990-05-01',
      phone,
      password: PASSWORD,
      provinceCode,
      wardCode,
      unitId,
      category: 'other',
    }),
    { headers: JSON_HEADERS, tags: { name: 'register' } },
  );
  check(reg, { 'register 201 or 409': (r) => r.status === 201 || r.status === 409 });
  return login(phone);
}

export function login(loginName: string): Tokens {
  const res = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ login: loginName, password: PASSWORD }), {
    headers: JSON_HEADERS,
    tags: { name: 'login' },
  });
  if (!check(res, { 'login 200': (r) => r.status === 200 })) fail(`login failed: ${res.status} ${res.body}`);
  return res.json() as unknown as Tokens;
}

/** The first open round of the first published contest, unless ROUND_ID is given. */
export function pickRound(): string {
  if (ROUND_ID) return ROUND_ID;
  const contests = http.get(`${BASE_URL}/api/contests`).json() as unknown as { items?: { id: string }[] } | { id: string }[];
  const list = Array.isArray(contests) ? contests : contests.items ?? [];
  for (const c of list) {
    const detail = http.get(`${BASE_URL}/api/contests/${c.id}`).json() as unknown as { rounds?: { id: string; status: string }[] };
    const open = (detail.rounds ?? []).find((r) => r.status === 'open');
    if (open) return open.id;
  }
  fail('no open round: pass -e ROUND_ID=…');
  return '';
}

/** A province and ward pair that exists (Hà Nội, Phường Ba Đình) unless PROVINCE/WARD are given. */
export const PROVINCE = __ENV.PROVINCE || '01';
export const WARD = __ENV.WARD || '10101003';
