import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp, privateRedisPrefix } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';
import { EdgeHarness } from '../edge-harness';

/**
 * Every route each service documents in its own OpenAPI document is sent by the nginx edge to that service:
 * a new route that the edge would send elsewhere fails here, not in production.
 */
describe('edge routes every documented route to its owner', () => {
  const edge = new EdgeHarness();
  const routes: { service: string; method: string; path: string }[] = [];

  beforeAll(async () => {
    await edge.start();
    for (const svc of ALL_SERVICES) {
      let app: NestFastifyApplication | undefined;
      try {
        // Redis keys of its own: this short-lived instance's consumers must not join the run's consumer groups and
        // close holding entries other files are waiting for.
        app = await createTestApp([svc], { REDIS_KEY_PREFIX: privateRedisPrefix('edge-docs') });
        const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
        for (const [path, ops] of Object.entries(doc.paths)) {
          if (path.startsWith('/api/health')) continue;
          for (const method of Object.keys(ops)) routes.push({ service: svc.name, method: method.toUpperCase(), path });
        }
      } finally {
        await app?.close();
      }
    }
  }, 300_000); // the edge, then each of the four services started and closed in turn, on a loaded machine
  afterAll(() => edge.stop(), 60_000);

  it('finds routes in every service', () => {
    expect(new Set(routes.map((r) => r.service)).size).toBe(ALL_SERVICES.length);
  });

  it('sends each route to the service that serves it', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const concrete = r.path.replace(/\{[^}]+\}/g, '3f2b1c9e-0000-4000-8000-00000000000a');
      const got = await edge.route(concrete, r.method === 'GET' ? 'GET' : 'GET');
      if (got !== r.service) wrong.push(`${r.method} ${r.path} → ${got} (owner: ${r.service})`);
    }
    expect(wrong).toEqual([]);
  });
});
