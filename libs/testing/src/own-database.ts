import { ensureDatabase, migrateService, ServiceDefinition } from '@hoi-thi/platform';

/**
 * A database of a test file's own, beside the run's (`<run database>_<suffix>`), migrated for `services`: for the
 * tests that check that a request wrote nothing, which must not see what other files write at the same time.
 * The file drops it in afterAll (dropDatabase).
 */
export async function ownDatabase(services: ServiceDefinition[], suffix: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${suffix}`;
  await ensureDatabase(url.toString());
  for (const svc of services) await migrateService(svc.database, { url: url.toString(), poolSize: 2 });
  return url.toString();
}
