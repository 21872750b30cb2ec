import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { createRedis } from '@hoi-thi/platform';
import { Client } from 'pg';
import { Role } from '@hoi-thi/contracts';
import { bearer, createTestApp, testEnv, testToken, uniq } from '@hoi-thi/testing';
import { QUESTION_BANK_SERVICE } from '../src/question-bank.service-def';

export const ORGANIZER = () => bearer(testToken(['organizer']));
export const ADMIN = () => bearer(testToken(['admin']));
export const CONTESTANT = () => bearer(testToken(['contestant']));
export const JUDGE = () => bearer(testToken(['judge']));
export const as = (...roles: Role[]) => bearer(testToken(roles));

export async function qbApp(): Promise<NestFastifyApplication> {
  return createTestApp([QUESTION_BANK_SERVICE]);
}

/** A raw Redis client with the run's key prefix (like exam-session's). */
export function testRedis(): Redis {
  const env = testEnv();
  return createRedis(env.REDIS_URL, env.REDIS_KEY_PREFIX);
}

export async function pg(): Promise<Client> {
  const c = new Client({ connectionString: testEnv().DATABASE_URL });
  await c.connect();
  return c;
}

export function multipart(filename: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = `----hoithi${uniq()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const question = (over: Record<string, unknown> = {}) => ({
  kind: 'single',
  text: `Câu hỏi thử ${uniq()} về Nghị quyết?`,
  options: [{ text: 'Phương án đúng', correct: true }, { text: 'Phương án sai' }, { text: 'Phương án khác' }],
  topic: 'Chủ đề A',
  difficulty: 'easy',
  explanation: 'Giải thích bí mật',
  article: 'Điều 1',
  ...over,
});

export async function createBank(app: NestFastifyApplication, name = `Ngân hàng ${uniq()}`): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/banks', headers: ORGANIZER(), payload: { name } });
  if (res.statusCode !== 201) throw new Error(`bank: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function addQuestions(app: NestFastifyApplication, bankId: string, cells: { topic: string; difficulty: string; n: number; kind?: string }[]) {
  const ids: string[] = [];
  for (const c of cells) {
    for (let i = 0; i < c.n; i++) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/banks/${bankId}/questions`,
        headers: ORGANIZER(),
        payload: question({ topic: c.topic, difficulty: c.difficulty, text: `${c.topic} ${c.difficulty} số ${i} mã ${uniq()}?` }),
      });
      if (res.statusCode !== 201) throw new Error(`question: ${res.statusCode} ${res.body}`);
      ids.push(res.json().id);
    }
  }
  return ids;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const DAY = 86_400_000;

export async function createContest(app: NestFastifyApplication, over: Record<string, unknown> = {}): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/contests',
    headers: ORGANIZER(),
    payload: {
      title: `Hội thi ${uniq()}`,
      published: true,
      materials: [{ title: 'Toàn văn nghị quyết', url: 'https://example.vn/nq15.pdf', kind: 'pdf' }],
      ...over,
    },
  });
  if (res.statusCode !== 201) throw new Error(`contest: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export function roundBody(bankId: string, over: Record<string, unknown> = {}) {
  return {
    title: `Vòng ${uniq()}`,
    bankId,
    opensAt: iso(Date.now() - DAY),
    closesAt: iso(Date.now() + 7 * DAY),
    blueprint: [
      { topic: 'A', difficulty: 'easy', count: 2 },
      { topic: '*', difficulty: 'hard', count: 1 },
    ],
    timeLimitSeconds: 900,
    attemptsAllowed: 3,
    prediction: { enabled: true, target: 'perfect-scorers', wording: 'Bao nhiêu người đúng hết?', tieSide: 'under' },
    ...over,
  };
}
