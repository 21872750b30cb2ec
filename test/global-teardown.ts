import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKeysWithPrefix, dropDatabase } from '@hoi-thi/platform';

/** Drops this run's database and deletes its Redis keys (unless KEEP_TEST_DB=1, to look at them). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.HOITHI_TEST_RUN;
  if (!run) return;
  // The values claimed unique for this run (libs/testing/src/unique.ts).
  rmSync(join(tmpdir(), `hoithi-test-${run}`), { recursive: true, force: true });
  if (process.env.KEEP_TEST_DB === '1') return;
  if (process.env.HOITHI_TEST_TORN_DOWN === run) return;
  process.env.HOITHI_TEST_TORN_DOWN = run;
  await dropDatabase(process.env.DATABASE_URL!);
  await deleteKeysWithPrefix(process.env.REDIS_URL!, process.env.REDIS_KEY_PREFIX!);
}
