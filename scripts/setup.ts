import 'reflect-metadata';
import { describeSecrets, ensureDatabase, isPublishedSecret, loadEnv, migrateService, provideSecrets } from '@hoi-thi/platform';
import { ALL_SERVICES } from '../apps/platform/src/services';

/**
 * Takes (development: creates on the first run) the install's secrets, creates the database, runs every service's
 * migrations, then (unless --no-seed) the demo seeds. Idempotent.
 */
async function main(): Promise<void> {
  console.log(`» ${describeSecrets(provideSecrets(process.env))}`);
  const env = loadEnv();
  const seed = !process.argv.includes('--no-seed');
  await ensureDatabase(env.DATABASE_URL);
  for (const svc of ALL_SERVICES) {
    const ran = await migrateService(svc.database, { url: env.DATABASE_URL, poolSize: 2 });
    console.log(`» ${svc.name}: ${ran.length ? `migrated (${ran.join(', ')})` : 'schema up to date'}`);
  }
  if (!seed) return;
  // The demo has an admin: on a public install its password must be the install's own, never the README's.
  if (!env.DEMO_PASSWORD || isPublishedSecret(env.DEMO_PASSWORD) || env.DEMO_PASSWORD.length < 10) {
    console.error(
      'setup: no demo seeded: DEMO_PASSWORD is empty, published or shorter than 10 characters (production: run setup with --no-seed, or set a password of your own)',
    );
    process.exit(78);
  }
  for (const svc of ALL_SERVICES) {
    if (!svc.seed) continue;
    await svc.seed({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      demoPassword: env.DEMO_PASSWORD,
      log: (line) => console.log(`» ${svc.name}: ${line}`),
    });
  }
}

main().catch((e) => {
  console.error(`setup failed: ${(e as Error).message}`);
  process.exit(1);
});
