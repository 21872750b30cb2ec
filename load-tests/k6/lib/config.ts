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

/**
 * What the accounts a scenario registers must hold to start attempts in its round: the round's contest may require
 * profile fields (`requiredRegistrationFields`) and restrict itself to a unit tree (`unitTreeRootId`); exam-session
 * refuses anyone else (403 `exam.not-eligible`). The demo contest requires province, unit and category.
 */
export interface Target {
  roundId: string;
  /** The unit every registered account joins (null: the target has no units and the contest needs none). */
  unitId: string | null;
  /** The contest's required fields (`citizenId`, `email`, … as GET /api/contests names them). */
  required: string[];
}

/** A profile of the registered accounts: Hà Nội / Phường Ba Đình, category `other`, the unit of pickTarget(). */
export interface Profile {
  provinceCode: string;
  wardCode: string;
  unitId: string | null;
  /** Also send an e-mail and a citizen ID (made from the phone number) when the contest requires them. */
  required: string[];
}

export function profileFor(target: Target): Profile {
  return { provinceCode: PROVINCE, wardCode: WARD, unitId: target.unitId, required: target.required };
}

/** The profile fields of a registration (POST /api/auth/register) or of PATCH /api/me, for `phone`. */
function profileBody(phone: string, p: Profile): Record<string, string> {
  const body: Record<string, string> = { provinceCode: p.provinceCode, wardCode: p.wardCode, category: CATEGORY };
  if (p.unitId) body.unitId = p.unitId;
  if (p.required.includes('email')) body.email = `k6.${phone}@example.com`;
  if (p.required.includes('citizenId')) body.citizenId = `001${phone.slice(-9)}`; // 12 digits, one per phone number
  return body;
}

/**
 * Registers a contestant with `profile` (the target must run with CAPTCHA_ENABLED=false) and logs in. An account
 * already there (409, e.g. from an earlier run) gets the profile through PATCH /api/me, so it may start too.
 */
export function registerAndLogin(phone: string, profile: Profile): Tokens {
  const reg = http.post(
    `${BASE_URL}/api/auth/register`,
    JSON.stringify({ fullName: 'Người Thi Tải', dateOfBirth: '1990-05-01', phone, password: PASSWORD, ...profileBody(phone, profile) }),
    { headers: JSON_HEADERS, tags: { name: 'register' } },
  );
  check(reg, { 'register 201 or 409': (r) => r.status === 201 || r.status === 409 });
  const tokens = login(phone);
  if (reg.status === 409) {
    const patch = http.patch(`${BASE_URL}/api/me`, JSON.stringify(profileBody(phone, profile)), {
      headers: authHeaders(tokens.accessToken),
      tags: { name: 'profile' },
    });
    check(patch, { 'existing profile updated': (r) => r.status === 200 });
  }
  return tokens;
}

export function login(loginName: string): Tokens {
  const res = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ login: loginName, password: PASSWORD }), {
    headers: JSON_HEADERS,
    tags: { name: 'login' },
  });
  if (!check(res, { 'login 200': (r) => r.status === 200 })) fail(`login failed: ${res.status} ${res.body}`);
  return res.json() as unknown as Tokens;
}

interface ContestView {
  id: string;
  requiredRegistrationFields?: string[];
  unitTreeRootId?: string | null;
  rounds?: { id: string; status: string }[];
}

function publishedContests(): ContestView[] {
  const contests = http.get(`${BASE_URL}/api/contests`).json() as unknown as { items?: ContestView[] } | ContestView[];
  return (Array.isArray(contests) ? contests : (contests.items ?? [])).map((c) =>
    c.rounds ? c : (http.get(`${BASE_URL}/api/contests/${c.id}`).json() as unknown as ContestView),
  );
}

/** The first open round of the first published contest, unless ROUND_ID is given. */
export function pickRound(contests?: ContestView[]): string {
  if (ROUND_ID) return ROUND_ID;
  for (const c of contests ?? publishedContests()) {
    const open = (c.rounds ?? []).find((r) => r.status === 'open');
    if (open) return open.id;
  }
  fail('no open round: pass -e ROUND_ID=…');
  return '';
}

/**
 * The round (as pickRound) and what its contest asks of contestants, with the unit the registered accounts join:
 * UNIT_ID if given, else the unit coded UNIT_CODE (default HN-BD-CB01, a demo cell) if it lies in the contest's
 * tree, else the first unit of the tree without children. A round no published contest lists (ROUND_ID of a
 * draft contest) is taken as requiring a unit, with no tree.
 */
export function pickTarget(): Target {
  const contests = publishedContests();
  const roundId = pickRound(contests);
  const contest = contests.find((c) => (c.rounds ?? []).some((r) => r.id === roundId));
  const required = contest ? (contest.requiredRegistrationFields ?? []) : ['unit'];
  const treeRoot = contest?.unitTreeRootId ?? null;
  const unitId = UNIT_ID || pickUnit(treeRoot);
  if (!unitId && (required.includes('unit') || treeRoot)) fail(`round ${roundId} requires a unit and GET /api/units has none to join: pass -e UNIT_ID=…`);
  return { roundId, unitId, required };
}

interface UnitView {
  id: string;
  parentId: string | null;
  code: string;
}

function pickUnit(treeRoot: string | null): string | null {
  const res = http.get(`${BASE_URL}/api/units`);
  if (res.status !== 200) return null;
  const units = (res.json() as unknown as { items?: UnitView[] }).items ?? [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const inTree = (u: UnitView): boolean => {
    let x: UnitView | undefined = u;
    for (let depth = 0; x && depth < 64; depth++) {
      if (x.id === treeRoot) return true;
      x = x.parentId ? byId.get(x.parentId) : undefined;
    }
    return false;
  };
  const eligible = treeRoot ? units.filter(inTree) : units;
  const named = eligible.find((u) => u.code === UNIT_CODE);
  if (named) return named.id;
  const parents = new Set(units.map((u) => u.parentId));
  return (eligible.find((u) => !parents.has(u.id)) ?? eligible[0])?.id ?? null;
}

/** A province and ward pair that exists (Hà Nội, Phường Ba Đình) unless PROVINCE/WARD are given. */
export const PROVINCE = __ENV.PROVINCE || '01';
export const WARD = __ENV.WARD || '10101003';
/** The registered accounts' category (registration's USER_CATEGORIES). */
export const CATEGORY = __ENV.CATEGORY || 'other';
/** The unit the registered accounts join (a unit id), else the unit of this code (the demo's cell 1 of Ba Đình). */
export const UNIT_ID = __ENV.UNIT_ID || '';
export const UNIT_CODE = __ENV.UNIT_CODE || 'HN-BD-CB01';
