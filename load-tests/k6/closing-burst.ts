import { check, fail } from 'k6';
import http from 'k6/http';
import { Options } from 'k6/options';
import exec from 'k6/execution';
import { authHeaders, BASE_URL, pickTarget, profileFor, registerAndLogin, uniquePhone } from './lib/config';

/**
 * The last minutes before a round closes: thousands of contestants with an attempt in progress all submit within
 * a short window. setup() prepares the attempts (one per pre-allocated contestant); the burst then submits them
 * at a fixed arrival rate.
 */
const CONTESTANTS = Number(__ENV.CONTESTANTS || 3000);
const RATE = Number(__ENV.SUBMIT_RATE || 1500);

export const options: Options = {
  setupTimeout: '20m',
  scenarios: {
    burst: { executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: `${Math.ceil(CONTESTANTS / RATE)}s`, preAllocatedVUs: 500, maxVUs: 3000 },
  },
  thresholds: {
    http_req_failed: ['rate<0.005'],
    'http_req_duration{name:submit}': ['p(95)<300', 'p(99)<800'],
    checks: ['rate>0.995'],
  },
};

interface Prepared {
  token: string;
  attemptId: string;
}

export function setup(): Prepared[] {
  // The accounts hold what the round's contest requires (unit, …): exam-session refuses the others (403).
  const target = pickTarget();
  const profile = profileFor(target);
  const prepared: Prepared[] = [];
  for (let i = 0; i < CONTESTANTS; i++) {
    const tokens = registerAndLogin(uniquePhone(0, i, Number(__ENV.SALT || 3)), profile);
    const start = http.post(`${BASE_URL}/api/rounds/${target.roundId}/attempts`, '{}', { headers: authHeaders(tokens.accessToken) });
    if (start.status === 200 || start.status === 201)
      prepared.push({ token: tokens.accessToken, attemptId: (start.json() as { attemptId: string }).attemptId });
    else if (start.status === 403) fail(`a prepared contestant may not start (their profile lacks what the contest requires?): ${start.body}`);
  }
  if (!prepared.length) fail('no attempt could be prepared');
  return prepared;
}

export default function closingBurst(prepared: Prepared[]): void {
  const p = prepared[exec.scenario.iterationInTest % prepared.length];
  const res = http.post(`${BASE_URL}/api/attempts/${p.attemptId}/submit`, JSON.stringify({ prediction: '4242' }), {
    headers: authHeaders(p.token),
    tags: { name: 'submit' },
  });
  check(res, { 'submitted (or the same result again)': (r) => r.status === 200 || r.status === 201 });
}
