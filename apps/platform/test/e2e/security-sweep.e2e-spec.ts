import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dropDatabase } from '@hoi-thi/platform';
import { createTestApp, ownDatabase, privateRedisPrefix } from '@hoi-thi/testing';
import { formatSweepReport, prepareSweep, runSecuritySweep, sweepFailures } from '@hoi-thi/testing/security-sweep';
import { ALL_SERVICES } from '../../src/services';

/**
 * Issue #12: the hostile-input sweep of `npm run security` in its quick mode, so that `npm test` runs it — every
 * route of the OpenAPI document, fewer cases each (one caller per case, in turn), over real HTTP on a loopback port.
 * No answer ≥ 500, every refusal problem+json, nothing written to PostgreSQL or Redis by a refused request; the
 * health probe runs alongside. The platform shares this process's event loop with the sweep, so a probe counts the
 * sweep's own work too. The full sweep (4 MB bodies, arrays of 140,000, every field one by one, every caller) is
 * `npm run security`, which holds the platform in a process of its own to the 100 ms stall bound. Here, inside
 * `npm test`, the probe's figures are printed but bound only when SECURITY_STALL_MS is set: a wall-clock bound in a
 * test fails on a busy machine, not on a slow input (a probe took 655 ms on a fresh clone while another suite shared
 * the two cores), and speed is the benches' to show (CONTRIBUTING.md).
 */
const STALL_MS = process.env.SECURITY_STALL_MS ? Number(process.env.SECURITY_STALL_MS) : 100;
const BOUND_STALLS = !!process.env.SECURITY_STALL_MS;
const DEMO_PASSWORD = 'Sweep@2026x';

describe('security sweep (quick): every route with hostile input', () => {
  let app: NestFastifyApplication;
  let databaseUrl = '';
  const redisKeyPrefix = privateRedisPrefix('sweep');

  beforeAll(async () => {
    // A database of its own: other test files write to the run's database, and the write check must see only the sweep's.
    databaseUrl = await ownDatabase(ALL_SERVICES, 'sweep');
    for (const svc of ALL_SERVICES)
      await svc.seed?.({ databaseUrl, redisUrl: process.env.REDIS_URL!, redisKeyPrefix, demoPassword: DEMO_PASSWORD, log: () => undefined });
    const unlimited = '100000000';
    app = await createTestApp(ALL_SERVICES, {
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      CAPTCHA_ENABLED: 'false',
      RATE_REGISTER_PER_IP: unlimited,
      RATE_LOGIN_PER_IP: unlimited,
      RATE_LOGIN_FAILURES_PER_IP: unlimited,
      RATE_LOGIN_FAILURES_PER_ACCOUNT_IP: unlimited,
      RATE_DUPLICATE_PER_IP: unlimited,
      RATE_PROFILE_CHANGE_PER_USER: unlimited,
      RATE_PROFILE_CHANGE_PER_IP: unlimited,
    });
    await app.listen(0, '127.0.0.1');
  }, 300_000); // four services migrated and seeded on a loaded machine

  afterAll(async () => {
    await app?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  }, 60_000);

  it('answers no 5xx, refuses with problem+json, writes nothing when it refuses, and never holds the event loop', async () => {
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const { callers, ids } = await prepareSweep(baseUrl, databaseUrl, DEMO_PASSWORD);
    const report = await runSecuritySweep({
      baseUrl,
      callers,
      ids,
      databaseUrl,
      redisUrl: process.env.REDIS_URL!,
      redisKeyPrefix,
      mode: 'quick',
      inProcess: true,
      stallMs: STALL_MS,
      maxSeconds: Number(process.env.SECURITY_MAX_SECONDS ?? 45),
    });
    const failures = sweepFailures(report, BOUND_STALLS ? STALL_MS : Number.POSITIVE_INFINITY);
    if (failures.length) console.log(formatSweepReport(report, STALL_MS));
    else
      console.log(
        `security sweep (quick): ${report.routesCovered}/${report.routesTotal} routes, ${report.requests} requests, 5xx: ${report.byClass['5xx'] ?? 0}, probe p99/max ${report.probe.p99Ms}/${report.probe.maxMs} ms, event loop max ${report.eventLoopMaxMs} ms, written on refusal: 0, ${report.seconds} s`,
      );
    expect(failures).toEqual([]);
    expect(report.routesCovered).toBe(report.routesTotal);
    expect(report.byClass['5xx'] ?? 0).toBe(0);
    expect(report.offenders).toEqual([]);
    expect(report.probe.samples).toBeGreaterThan(100);
    if (BOUND_STALLS) expect(report.probe.maxMs).toBeLessThanOrEqual(STALL_MS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
