import { check, sleep } from 'k6';
import http from 'k6/http';
import { Options } from 'k6/options';
import { BASE_URL, JSON_HEADERS, PASSWORD, PROVINCE, WARD, uniquePhone } from './lib/config';

/**
 * The opening of a round: a burst of registrations and logins. The target runs with CAPTCHA_ENABLED=false
 * and per-IP registration limits raised (all virtual users come from the load generator's address).
 */
export const options: Options = {
  scenarios: {
    register: {
      executor: 'ramping-arrival-rate',
      startRate: 50,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 2000,
      stages: [
        { target: Number(__ENV.REGISTER_RATE || 300), duration: '1m' },
        { target: Number(__ENV.REGISTER_RATE || 300), duration: '3m' },
        { target: 0, duration: '30s' },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:register}': ['p(95)<800', 'p(99)<1500'],
    'http_req_duration{name:login}': ['p(95)<800', 'p(99)<1500'],
    checks: ['rate>0.99'],
  },
};

export default function registrationBurst(): void {
  const phone = uniquePhone(__VU, __ITER, Number(__ENV.SALT || 1));
  const reg = http.post(
    `${BASE_URL}/api/auth/register`,
    JSON.stringify({
      fullName: 'Nguyễn Văn Tải',
      dateOfBirth: '1988-02-03',
      phone,
      password: PASSWORD,
      provinceCode: PROVINCE,
      wardCode: WARD,
      category: 'other',
    }),
    { headers: JSON_HEADERS, tags: { name: 'register' } },
  );
  check(reg, { 'registered (201) or already there (409)': (r) => r.status === 201 || r.status === 409 });
  sleep(Math.random() * 2);
  const login = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ login: phone, password: PASSWORD }), {
    headers: JSON_HEADERS,
    tags: { name: 'login' },
  });
  check(login, { 'logged in': (r) => r.status === 200 && !!(r.json() as { accessToken?: string }).accessToken });
}
