import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { bearer, createTestApp, privateRedisPrefix, testEnv, testToken } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';
import { addQuestions, createBank, createContest, ORGANIZER, roundBody } from '../../../question-bank/test/helpers';

jest.setTimeout(180_000);

/**
 * Issue 8: during an open round (reveal after close), nothing a contestant can reach — every GET route of the
 * OpenAPI document called with the round's, contest's and attempt's ids, the exam's own routes, a submit, and the
 * socket.io events of the live board — carries correctness data: no real option id (options are opaque per
 * attempt), no explanation, no correct flag or key field.
 */
describe('the answer key during an open round', () => {
  let app: NestFastifyApplication;
  let db: Client;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await createTestApp(ALL_SERVICES, { REDIS_KEY_PREFIX: privateRedisPrefix('keyscan') });
    await app.listen(0, '127.0.0.1');
    db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
  }, 300_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await db?.end();
    await app?.close();
  });

  it('is in no contestant-facing response or socket event', async () => {
    // An organizer builds and publishes a round; its key stays in question-bank and exam-session.
    const bankId = await createBank(app);
    await addQuestions(app, bankId, [
      { topic: 'A', difficulty: 'easy', n: 3 },
      { topic: 'B', difficulty: 'hard', n: 2 },
    ]);
    const contestId = await createContest(app);
    const created = await app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/rounds`,
      headers: ORGANIZER(),
      payload: roundBody(bankId, { revealPolicy: 'after-close' }),
    });
    expect(created.statusCode).toBe(201);
    const roundId = created.json().id as string;
    expect((await app.inject({ method: 'POST', url: `/api/rounds/${roundId}/publish`, headers: ORGANIZER() })).statusCode).toBeLessThan(300);

    const published = await db.query<{
      snapshot: { questions: { options: { id: string }[] }[] };
      answer_key: Record<string, { correctOptionIds: string[]; explanation: string | null }>;
    }>('SELECT snapshot, answer_key FROM question_bank.published_rounds WHERE round_id = $1', [roundId]);
    const realOptionIds = published.rows[0].snapshot.questions.flatMap((q) => q.options.map((o) => o.id));
    const explanations = Object.values(published.rows[0].answer_key)
      .map((k) => k.explanation)
      .filter((e): e is string => !!e);
    expect(realOptionIds.length).toBeGreaterThan(0);
    expect(explanations.length).toBeGreaterThan(0);
    const forbidden = [
      ...new Set([...realOptionIds, ...explanations, 'correctOptionIds', '"correct":true', '"correct":false', 'isCorrect', 'answerKey', 'answer_key']),
    ];

    const seen: { where: string; text: string }[] = [];
    const me = bearer(testToken(['contestant'], { sub: randomUUID() }));
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = me) => {
      const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      seen.push({ where: `${method} ${url} → ${res.statusCode}`, text: res.body });
      return res;
    };

    // The exam: start, resume, answer every question, resume again.
    const start = await call('POST', `/api/rounds/${roundId}/attempts`);
    expect(start.statusCode).toBe(201);
    const attempt = start.json() as { attemptId: string; questions: { id: string; options: { id: string }[] }[] };
    for (const q of attempt.questions)
      expect((await call('PUT', `/api/attempts/${attempt.attemptId}/answers/${q.id}`, { optionIds: [q.options[0].id], seq: 1 })).statusCode).toBe(200);
    await call('GET', `/api/attempts/${attempt.attemptId}`);

    // A watcher on the live board while another contestant submits (whose own result, before the close, is scanned too).
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const socket = io(`http://127.0.0.1:${port}/live`, {
      transports: ['websocket'],
      auth: { token: me.authorization.slice(7) },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const events: string[] = [];
    socket.onAny((name: string, ...args: unknown[]) => events.push(`${name} ${JSON.stringify(args)}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(30_000).emitWithAck('watch', { roundId })).toMatchObject({ ok: true });
    const other = bearer(testToken(['contestant'], { sub: randomUUID() }));
    const theirs = (await call('POST', `/api/rounds/${roundId}/attempts`, undefined, other)).json() as typeof attempt;
    for (const q of theirs.questions) await call('PUT', `/api/attempts/${theirs.attemptId}/answers/${q.id}`, { optionIds: [q.options[1].id], seq: 1 }, other);
    expect((await call('POST', `/api/attempts/${theirs.attemptId}/submit`, { prediction: '3' }, other)).statusCode).toBe(200);
    const deadline = Date.now() + 30_000;
    while (!events.some((e) => e.startsWith('leaderboard') && e.includes('"attempts":1')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(events.some((e) => e.startsWith('leaderboard'))).toBe(true);

    // Every GET route the platform documents, with this round's, contest's and attempt's ids.
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const idFor = (path: string, name: string) => {
      if (/round/i.test(name)) return roundId;
      if (/contest/i.test(name)) return contestId;
      if (/attempt/i.test(name)) return attempt.attemptId;
      if (path.startsWith('/api/attempts/')) return attempt.attemptId;
      if (path.startsWith('/api/rounds/')) return roundId;
      if (path.startsWith('/api/contests/')) return contestId;
      return randomUUID();
    };
    let routes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!('get' in ops) || path.startsWith('/api/docs')) continue;
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => idFor(path, name));
      await call('GET', url);
      routes += 1;
    }
    expect(routes).toBeGreaterThan(20);
    expect(seen.filter((s) => / → 200$/.test(s.where)).length).toBeGreaterThan(10);

    const leaks = [...seen, ...events.map((text) => ({ where: 'socket.io /live', text }))].flatMap(({ where, text }) =>
      forbidden.filter((f) => text.includes(f)).map((f) => `${where}: ${f}`),
    );
    expect(leaks).toEqual([]);
  });
});
