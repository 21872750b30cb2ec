import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { defineErrors, ReadinessRegistry } from '@hoi-thi/platform';
import { createTestApp, privateRedisPrefix } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';

describe('platform (all services in one process)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    // Redis keys of its own: its consumers (all four services) must not join the run's consumer groups and close
    // holding other files' entries.
    app = await createTestApp(ALL_SERVICES, { REDIS_KEY_PREFIX: privateRedisPrefix('health') });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is live', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('is ready when PostgreSQL (every service pool) and Redis answer', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.info).sort()).toEqual(
      ['postgres:exam-session', 'postgres:leaderboard', 'postgres:question-bank', 'postgres:registration', 'redis'].sort(),
    );
  });

  it('is not ready (503, the failing dependency named) when one check fails, and ready again when it answers', async () => {
    let broken = true;
    app.get(ReadinessRegistry).add('postgres:broken', () => (broken ? Promise.reject(new Error('connection refused')) : Promise.resolve()));
    const down = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(down.json()).toMatchObject({
      status: 'error',
      error: { 'postgres:broken': { status: 'down', message: 'connection refused' } },
      info: { redis: { status: 'up' } },
    });
    broken = false;
    const up = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ok', error: {}, details: { 'postgres:broken': { status: 'up' } } });
  });

  it('answers an unknown route with problem+json in Vietnamese, English on request', async () => {
    const vi = await app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(vi.statusCode).toBe(404);
    expect(vi.headers['content-type']).toContain('application/problem+json');
    expect(vi.json()).toMatchObject({ status: 404, code: 'not-found', detail: 'Không tìm thấy.' });
    const en = await app.inject({ method: 'GET', url: '/api/khong-co', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().detail).toBe('Not found.');
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/health/live', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect([400, 404]).toContain(res.statusCode);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the OpenAPI document and echoes a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it("puts helmet's headers on every response (errors too), but not on the JSON-only hot routes", async () => {
    for (const res of [await app.inject({ method: 'GET', url: '/api/health/live' }), await app.inject({ method: 'GET', url: '/api/khong-co' })]) {
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain('connect-src');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
    }
    const hot = await app.inject({ method: 'PUT', url: '/api/attempts/00000000-0000-4000-8000-000000000000/answers/q1', payload: {} });
    expect(hot.statusCode).toBe(401);
    expect(hot.headers['content-security-policy']).toBeUndefined();
  });
});

describe('client address behind proxies (TRUST_PROXY)', () => {
  it('believes X-Forwarded-For only from trusted proxies', async () => {
    const { createTestApp: create } = await import('@hoi-thi/testing');
    const { Controller, Get, Ip, Module } = await import('@nestjs/common');
    const { Public, Returns } = await import('@hoi-thi/platform');
    const { named, Obj, Type } = await import('@hoi-thi/contracts');
    // A route of the test's own, with its contract like any other (the suites check contracts strictly).
    const WhoAmIV1 = named('WhoAmIV1', Obj({ ip: Type.String() }));
    @Public()
    @Controller('whoami')
    class WhoAmI {
      @Get()
      @Returns(WhoAmIV1)
      who(@Ip() ip: string) {
        return { ip };
      }
    }
    @Module({ controllers: [WhoAmI] })
    class WhoAmIModule {}
    const def = {
      name: 'registration',
      port: 0,
      module: WhoAmIModule,
      database: { name: 'x', schema: 'x', entities: [], migrations: [] },
      errors: defineErrors(),
    } as never;
    for (const [trust, expected] of [
      ['loopback', '203.0.113.7'],
      ['false', '127.0.0.1'],
      ['10.0.0.0/8', '127.0.0.1'],
    ] as const) {
      const app = await create([def], { TRUST_PROXY: trust });
      const res = await app.inject({ method: 'GET', url: '/api/whoami', headers: { 'x-forwarded-for': '203.0.113.7' }, remoteAddress: '127.0.0.1' });
      expect(res.json().ip).toBe(expected);
      await app.close();
    }
  });
});
