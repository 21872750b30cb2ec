import 'reflect-metadata';
import { describeSecrets, ensureDatabase, loadEnv, migrateService, provideSecrets } from '@hoi-thi/platform';
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
