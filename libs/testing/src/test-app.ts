import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { accessTokensOf, Clock, createPlatformApp, PlatformEnv, ServiceDefinition, validateEnv } from '@hoi-thi/platform';

/** The environment of an int/e2e test (the run's own database and key prefix, set by test/global-setup.ts). */
export function testEnv(overrides: Record<string, string> = {}): PlatformEnv {
  if (!process.env.HOITHI_TEST_RUN) throw new Error('int/e2e tests need test/global-setup.ts (run them through jest projects int/e2e)');
  return validateEnv(PlatformEnv, { ...process.env, ...overrides });
}

/**
 * The real application hosting `services`, initialised but not listening: use `app.inject()` or `listen(0)`. `clock`
 * (a FakeClock) replaces the SystemClock every service is given.
 */
export async function createTestApp(
  services: ServiceDefinition[],
  overrides: Record<string, string> = {},
  opts: { clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const app = await createPlatformApp(services, testEnv(overrides), { logger: false, clock: opts.clock });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** An access token as registration would issue it (the run's private key, same issuer and audience as the test env). */
export function testToken(roles: Role[] = ['contestant'], claims: Partial<AccessClaimsV1> = {}, ttlSeconds?: number): string {
  const tokens = accessTokensOf(testEnv());
  return tokens.sign(
    { sub: claims.sub ?? randomUUID(), roles, unitId: claims.unitId ?? null, province: claims.province ?? null, name: claims.name ?? 'Người Thử' },
    ttlSeconds,
  );
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A short unique suffix for names, phones and ids inside one test run. */
export function uniq(): string {
  return randomUUID().replace(/-/g, '').slice(0, 10);
}
