import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniq } from './test-app';

/**
 * Values that must be unique across the whole test run (every jest worker, every test file), not just likely
 * unique: the run's database and Redis are shared by all files running at once, so two random phones or client
 * addresses that happen to collide make a test fail once in a while. A value is claimed by creating a file named
 * after it (O_EXCL) in a directory of this run; a value already claimed is drawn again.
 */
function claimDir(kind: string): string | null {
  const run = process.env.HOITHI_TEST_RUN;
  if (!run) return null; // unit tests: no shared state, a random value is enough
  const dir = join(tmpdir(), `hoithi-test-${run}`, kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Draws with `draw` until a value no other test of this run has claimed. */
export function claimUnique(kind: string, draw: () => string): string {
  const dir = claimDir(kind);
  for (let i = 0; i < 1000; i++) {
    const value = draw();
    if (!dir) return value;
    try {
      closeSync(openSync(join(dir, encodeURIComponent(value)), 'wx'));
      return value;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`claimUnique(${kind}): no unclaimed value after 1000 draws`);
}

/** A Vietnamese mobile number (`<prefix>` + 7 digits) no other test of this run uses (never 09000000xx: the demo seed's). */
export function uniquePhone(prefix = '090'): string {
  return claimUnique('phone', () => `${prefix}${randomInt(1_000_000, 10_000_000)}`);
}

/** A client address (10.x.y.z) no other test of this run uses, so per-address rate limits never mix two tests. */
export function uniqueIp(): string {
  return claimUnique('ip', () => `10.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`);
}

/**
 * A Redis key prefix of the caller's own, under the run's prefix (so the global teardown deletes it): for suites
 * whose consumer groups, streams or "flush everything" steps must not meet the other files running beside them.
 */
export function privateRedisPrefix(label: string): string {
  return `${process.env.REDIS_KEY_PREFIX ?? 't:'}${label}-${uniq()}:`;
}

/** A TCP port that was free a moment ago (the OS's pick), for a child process that cannot listen on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs` saying what was awaited. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
