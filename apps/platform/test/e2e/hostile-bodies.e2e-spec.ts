import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, createTestApp, privateRedisPrefix, testToken } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';

/**
 * Issue #12, findings 2 and 3: hostile bodies on every kind of route — huge arrays, bodies over a route's limit,
 * JSON nested 10,000 deep, NUL bytes and lone surrogates in text — answer 4xx problem+json naming the field,
 * never a 500, and never hold the event loop while a health probe waits.
 */
describe('hostile request bodies (all services)', () => {
  let app: NestFastifyApplication;
  const contestant = bearer(testToken(['contestant']));
  const organizer = bearer(testToken(['organizer']));
  const admin = bearer(testToken(['admin']));
  const attempt = randomUUID();
  const saveUrl = `/api/attempts/${attempt}/answers/${randomUUID()}`;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    app = await createTestApp(ALL_SERVICES, { REDIS_KEY_PREFIX: privateRedisPrefix('hostile') });
  });
  afterAll(async () => {
    await app.close();
  });

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code });
  };

  describe('a 40,000-option answer save (309 KB)', () => {
    const huge = JSON.stringify({ optionIds: Array.from({ length: 40_000 }, (_, i) => `opt-${i}`), seq: 1 });

    it('is refused as too large before it is parsed or validated: 413 problem+json, in Vietnamese and English', async () => {
      expect(huge.length).toBeGreaterThan(300_000);
      const vi = await app.inject({ method: 'PUT', url: saveUrl, headers: { ...json, ...contestant }, payload: huge });
      expectProblem(vi, 413, 'payload.too-large');
      expect(vi.json().detail).toBe('Dữ liệu gửi lên quá lớn.');
      const en = await app.inject({ method: 'PUT', url: saveUrl, headers: { ...json, ...contestant, 'accept-language': 'en' }, payload: huge });
      expect(en.json().detail).toBe('Payload too large.');
      const submit = await app.inject({
        method: 'POST',
        url: `/api/attempts/${attempt}/submit`,
        headers: { ...json, ...contestant },
        payload: JSON.stringify({ prediction: 1, pad: 'x'.repeat(8000) }),
      });
      expectProblem(submit, 413, 'payload.too-large');
    });

    it('leaves the health probe answering while it is sent over a real connection', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const big = Array.from({ length: 5 }, () =>
        fetch(`${base}${saveUrl}`, { method: 'PUT', headers: { ...json, ...contestant }, body: huge }).then((r) => r.status),
      );
      const probes = Array.from({ length: 20 }, () => fetch(`${base}/api/health/live`).then((r) => r.status));
      const [bigStatuses, probeStatuses] = await Promise.all([Promise.all(big), Promise.all(probes)]);
      delay.disable();
      expect(bigStatuses).toEqual([413, 413, 413, 413, 413]);
      expect(probeStatuses.every((s) => s === 200)).toBe(true);
      // Reported, not asserted (speed belongs in the bench): the old code held the loop > 1 s per such request.
      process.stdout.write(`event-loop delay during 5 huge saves: max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms\n`);
    });

    it('a save within the byte limit but over the option limit is refused by the length check, naming optionIds', async () => {
      const many = JSON.stringify({ optionIds: Array.from({ length: 900 }, () => 'a'), seq: 1 });
      expect(many.length).toBeLessThan(4096);
      const res = await app.inject({ method: 'PUT', url: saveUrl, headers: { ...json, ...contestant }, payload: many });
      expectProblem(res, 400, 'validation.failed');
      expect(res.json().errors).toEqual([{ field: 'optionIds', message: 'Danh sách có tối đa 16 phần tử.' }]);
    });
  });

  describe('JSON nested 10,000 deep', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const routes: [string, string, string, Record<string, string>][] = [
      ['login', 'POST', '/api/auth/login', {}],
      ['answer save', 'PUT', saveUrl, contestant],
      ['submit', 'POST', `/api/attempts/${attempt}/submit`, contestant],
      ['question create', 'POST', `/api/banks/${randomUUID()}/questions`, organizer],
    ];
    it.each(routes)('gives 400 request.too-deep on %s, naming the field', async (_name, method, url, auth) => {
      const field = url.includes('questions') ? 'options' : url.includes('login') ? 'password' : url.includes('submit') ? 'prediction' : 'optionIds';
      // The hot routes take 4 KiB: 10,000 levels are refused as too large (below), 1,500 fit and are refused as too deep.
      const hot = url.startsWith('/api/attempts/');
      const nested = hot ? `${'['.repeat(1500)}${']'.repeat(1500)}` : deep;
      const res = await app.inject({ method: method as 'POST', url, headers: { ...json, ...auth }, payload: `{"${field}":${nested}}` });
      expectProblem(res, 400, 'request.too-deep');
      expect(res.json().errors).toEqual([{ field, message: expect.stringContaining('32') }]);
      expect(res.json().detail).toBe('Dữ liệu lồng nhau quá nhiều tầng (tối đa 32).');
    });

    it('gives 413 payload.too-large for 10,000 levels on the hot routes (over their 4 KiB)', async () => {
      for (const [, method, url, auth] of routes.filter(([, , u]) => u.startsWith('/api/attempts/'))) {
        expectProblem(await app.inject({ method: method as 'POST', url, headers: { ...json, ...auth }, payload: `{"x":${deep}}` }), 413, 'payload.too-large');
      }
    });

    it('gives 400 for a deep array at the top level too', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: deep });
      expectProblem(res, 400, 'request.too-deep');
      expect(res.json().errors).toEqual([{ field: 'body', message: expect.any(String) }]);
    });
  });

  describe('NUL and lone surrogates in text', () => {
    // Written as JSON escapes, as a hostile client sends them (the UTF-8 decoder cannot produce either from raw bytes).
    const cases: [string, string][] = [
      ['a NUL byte', 'Chi bo \\u0000 1'],
      ['a lone surrogate', 'Chi bo \\ud800 1'],
    ];
    it.each(cases)('gives 400 request.invalid-text for %s in a unit name, a bank name, a question option, a login', async (_name, text) => {
      const unit = await app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { ...json, ...admin },
        payload: `{"code":"HN-T-${randomUUID().slice(0, 6)}","name":"${text}"}`,
      });
      expectProblem(unit, 400, 'request.invalid-text');
      expect(unit.json().errors).toEqual([{ field: 'name', message: expect.any(String) }]);
      const bank = await app.inject({ method: 'POST', url: '/api/banks', headers: { ...json, ...organizer }, payload: `{"name":"${text}"}` });
      expectProblem(bank, 400, 'request.invalid-text');
      expect(bank.json().errors).toEqual([{ field: 'name', message: 'Văn bản chứa ký tự không hợp lệ (ký tự NUL hoặc mã UTF-16 lẻ cặp).' }]);
      const question = await app.inject({
        method: 'POST',
        url: `/api/banks/${randomUUID()}/questions`,
        headers: { ...json, ...organizer, 'accept-language': 'en' },
        payload: `{"kind":"single","text":"Q","topic":"t","difficulty":"easy","options":[{"text":"a"},{"text":"b"},{"text":"${text}"}]}`,
      });
      expectProblem(question, 400, 'request.invalid-text');
      expect(question.json().errors).toEqual([
        { field: 'options[2].text', message: 'The text contains an invalid character (NUL or an unpaired UTF-16 surrogate).' },
      ]);
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: `{"login":"${text}","password":"x"}` });
      expectProblem(login, 400, 'request.invalid-text');
      const save = await app.inject({ method: 'PUT', url: saveUrl, headers: { ...json, ...contestant }, payload: `{"optionIds":["${text}"],"seq":1}` });
      expectProblem(save, 400, 'request.invalid-text');
      expect(save.json().errors).toEqual([{ field: 'optionIds[0]', message: expect.any(String) }]);
    });

    it('gives 4xx, not 500, for a NUL in a query string or a path parameter', async () => {
      const q = await app.inject({ method: 'GET', url: `/api/banks/${randomUUID()}/questions?q=a%00b`, headers: organizer });
      expectProblem(q, 400, 'request.invalid-text');
      expect(q.json().errors).toEqual([{ field: 'q', message: expect.any(String) }]);
      for (const url of ['/api/banks/a%00b', '/api/contests/a%00b', `/api/attempts/a%00b/answers/q%00`, '/api/units/a%00b', '/api/auth/login?x=%00']) {
        const res = await app.inject({
          method: url.includes('answers') ? 'PUT' : 'GET',
          url,
          headers: { ...json, ...(url.includes('answers') ? contestant : organizer) },
          payload: url.includes('answers') ? '{"optionIds":[],"seq":1}' : undefined,
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(String(res.headers['content-type'])).toContain('application/problem+json');
      }
    });

    it('still accepts ordinary Vietnamese text, emoji and escaped characters', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/banks',
        headers: { ...json, ...organizer },
        payload: JSON.stringify({ name: `Ngân hàng "thử" 😀 \\ ${randomUUID()}` }),
      });
      expect(res.statusCode).toBe(201);
      const escaped = await app.inject({
        method: 'POST',
        url: '/api/banks',
        headers: { ...json, ...organizer },
        payload: `{"name":"Ng\\u00e2n h\\u00e0ng \\ud83d\\ude00 ${randomUUID()}"}`,
      });
      expect(escaped.statusCode).toBe(201);
      expect(escaped.json().name).toContain('Ngân hàng 😀');
    });
  });

  it('keeps bodies of the largest legitimate question within its route limit, and refuses one over the global limit elsewhere', async () => {
    const bank = (await app.inject({ method: 'POST', url: '/api/banks', headers: { ...json, ...organizer }, payload: { name: `Lớn ${randomUUID()}` } })).json();
    const long = (n: number) => 'ệ'.repeat(n); // 3 bytes in UTF-8
    const question = {
      kind: 'single',
      text: long(2000),
      topic: long(200),
      difficulty: 'easy',
      explanation: long(4000),
      article: long(500),
      options: Array.from({ length: 8 }, (_, i) => ({ text: long(999) + i, correct: i === 0 })),
    };
    const body = JSON.stringify(question);
    expect(Buffer.byteLength(body)).toBeGreaterThan(40_000); // ~44 KB: the route's own 128 KiB leaves room
    const res = await app.inject({ method: 'POST', url: `/api/banks/${bank.id}/questions`, headers: { ...json, ...organizer }, payload: body });
    expect(res.statusCode).toBe(201);
    const overGlobal = await app.inject({
      method: 'POST',
      url: '/api/banks',
      headers: { ...json, ...organizer },
      payload: JSON.stringify({ name: 'x', description: 'y'.repeat(70 * 1024) }),
    });
    expectProblem(overGlobal, 413, 'payload.too-large');
  });
});
