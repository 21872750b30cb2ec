import { check, sleep } from 'k6';
import http from 'k6/http';
import { Options } from 'k6/options';
import { authHeaders, BASE_URL, pickTarget, profileFor, registerAndLogin, Target, uniquePhone } from './lib/config';

/**
 * A contestant's whole attempt with think time: start, answer every question (a few seconds each), resume once
 * (as after a reload), answer the rest, submit with a prediction.
 */
export const options: Options = {
  scenarios: {
    contestants: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { target: Number(__ENV.CONTESTANTS || 2000), duration: '2m' },
        { target: Number(__ENV.CONTESTANTS || 2000), duration: '6m' },
        { target: 0, duration: '1m' },
      ],
      gracefulRampDown: '2m',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.005'],
    'http_req_duration{name:save}': ['p(95)<100', 'p(99)<250'],
    'http_req_duration{name:submit}': ['p(95)<200', 'p(99)<500'],
    'http_req_duration{name:start}': ['p(99)<800'],
    checks: ['rate>0.995'],
  },
};

interface Question {
  id: string;
  options: { id: string }[];
}
interface Attempt {
  attemptId: string;
  deadline: string;
  questions: Question[];
}

/** The round, and the unit and fields its contest requires of the accounts registered (exam-session's eligibility). */
export function setup(): Target {
  return pickTarget();
}

export default function examJourney(data: Target): void {
  const tokens = registerAndLogin(uniquePhone(__VU, __ITER, Number(__ENV.SALT || 2)), profileFor(data));
  const headers = authHeaders(tokens.accessToken);
  const start = http.post(`${BASE_URL}/api/rounds/${data.roundId}/attempts`, '{}', { headers, tags: { name: 'start' } });
  if (!check(start, { 'attempt started': (r) => r.status === 201 || r.status === 200 })) return;
  const attempt = start.json() as unknown as Attempt;
  const half = Math.ceil(attempt.questions.length / 2);
  attempt.questions.forEach((q, i) => {
    if (i === half) {
      const resume = http.get(`${BASE_URL}/api/attempts/${attempt.attemptId}`, { headers, tags: { name: 'resume' } });
      check(resume, { 'resumed with the same deadline': (r) => r.status === 200 && (r.json() as { deadline?: string }).deadline === attempt.deadline });
    }
    sleep(2 + Math.random() * 6);
    const choice = q.options[Math.floor(Math.random() * q.options.length)];
    const save = http.put(`${BASE_URL}/api/attempts/${attempt.attemptId}/answers/${q.id}`, JSON.stringify({ optionIds: [choice.id], seq: 1 }), {
      headers,
      tags: { name: 'save' },
    });
    check(save, { 'answer saved': (r) => r.status === 200 });
  });
  const submit = http.post(
    `${BASE_URL}/api/attempts/${attempt.attemptId}/submit`,
    JSON.stringify({ prediction: String(1000 + Math.floor(Math.random() * 9000)) }),
    {
      headers,
      tags: { name: 'submit' },
    },
  );
  check(submit, { submitted: (r) => r.status === 200 || r.status === 201 });
}
