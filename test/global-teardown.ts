import { deleteKeysWithPrefix, dropDatabase } from '@hoi-thi/platform';

/** Drops this run's database and deletes its Redis keys (unless KEEP_TEST_DB=1, to look at them). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.HOITHI_TEST_RUN;
  if (!run || process.env.KEEP_TEST_DB === '1') return;
  if (process.env.HOITHI_TEST_TORN_DOWN === run) return;
  process.env.HOITHI_TEST_TORN_DOWN = run;
  await dropDatabase(process.env.DATABASE_URL!);
  await deleteKeysWithPrefix(process.env.REDIS_URL!, process.env.REDIS_KEY_PREFIX!);
}
