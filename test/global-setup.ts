import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ensureDatabase, generateSecrets, migrateService } from '@hoi-thi/platform';
import { ALL_SERVICES } from '../apps/platform/src/services';

/**
 * Jest global setup for the int and e2e projects: a database and a Redis key prefix of this run's own,
 * migrated with the real migrations, and secrets of its own. Workers inherit the variables. Run once per jest process.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HOITHI_TEST_RUN) return;
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/hoithi_test_${run}`;
  process.env.HOITHI_TEST_RUN = run;
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = base.toString();
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.REDIS_KEY_PREFIX = `t:${run}:`;
  process.env.CAPTCHA_ENABLED = process.env.CAPTCHA_ENABLED ?? 'true';
  process.env.LOG_LEVEL = 'silent';
  process.env.SWAGGER_ENABLED = 'true';
  process.env.WEB_DIST = '';
  // Every /api answer is checked against the OpenAPI document: an undocumented route, status or field fails
  // (docs/adr/0004-typed-contract.md).
  process.env.CONTRACT_CHECK = process.env.CONTRACT_CHECK ?? 'strict';
  // The tests play the proxy: inject() comes from 127.0.0.1 with an X-Forwarded-For per simulated client (the
  // default, believing nobody, is tested with TRUST_PROXY=''.)
  process.env.TRUST_PROXY = process.env.TRUST_PROXY ?? 'loopback';
  // The run's own key pair, pepper and cookie secret: tests never read nor create the install's .run/secrets.env.
  Object.assign(process.env, generateSecrets());
  delete process.env.JWT_PREVIOUS_PUBLIC_KEY;
  await ensureDatabase(process.env.DATABASE_URL);
  for (const svc of ALL_SERVICES) await migrateService(svc.database, { url: process.env.DATABASE_URL, poolSize: 2 });
}
