import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { privateRedisPrefix } from '@hoi-thi/testing';
import { createRedis } from '../../src/redis/redis';
import { defineScript } from '../../src/redis/redis-script';

const dir = mkdtempSync(join(tmpdir(), 'redis-script-int-'));
const file = join(dir, 'put-and-count.lua');
writeFileSync(
  file,
  `-- Stores value under target and answers what it sees.
-- KEYS: target, counter, ...extra
-- ARGV: value, step, ...tail
local target, counter = KEYS[1], KEYS[2]
local value, step = ARGV[1], ARGV[2]
redis.call('SET', target, value)
local n = redis.call('INCRBY', counter, step)
return {target, n, #KEYS - 2, #ARGV - 2}
`,
);
const PUT = defineScript({ name: 'testPutAndCount', file, keys: ['target', 'counter'], args: ['value', 'step'], moreKeys: 'extra', moreArgs: 'tail' });

/**
 * The next EVALSHA of `sha` on `redis` asks Redis for a script it does not have (a sha of zeros), so Redis answers
 * NOSCRIPT as after a restart: SCRIPT FLUSH would take every other suite's scripts away too.
 */
function evictScript(redis: Redis, sha: string): void {
  const original = redis.evalsha.bind(redis);
  const once = jest.spyOn(redis, 'evalsha').mockImplementationOnce(((...a: unknown[]) => {
    once.mockRestore();
    if (a[0] !== sha) return (original as (...x: unknown[]) => Promise<unknown>)(...a);
    return (original as (...x: unknown[]) => Promise<unknown>)('0'.repeat(40), ...a.slice(1));
  }) as never);
}

describe('defineScript against Redis', () => {
  const prefix = privateRedisPrefix('script');
  // One hash tag for every key of a call: the same code runs on a Redis Cluster (npm run test:cluster).
  const tag = '{s}';
  let redis: Redis;
  beforeAll(() => {
    redis = createRedis(process.env.REDIS_URL!, prefix);
  });
  afterAll(() => redis.disconnect());

  it('runs with named keys under the client’s key prefix, the tails counted', async () => {
    const reply = await PUT<[string, number, number, number]>(redis, {
      keys: { target: `${tag}:t`, counter: `${tag}:n` },
      args: { value: 'v1', step: 2 },
      moreKeys: [`${tag}:x`],
      moreArgs: ['a', 'b', 'c'],
    });
    expect(reply).toEqual([`${prefix}${tag}:t`, 2, 1, 3]);
    const raw = createRedis(process.env.REDIS_URL!, '');
    try {
      expect(await raw.get(`${prefix}${tag}:t`)).toBe('v1');
    } finally {
      raw.disconnect();
    }
  });

  it('sends EVALSHA once Redis has the script, and sends the script (EVAL) when Redis answers NOSCRIPT', async () => {
    const call = () => PUT<[string, number]>(redis, { keys: { target: `${tag}:t2`, counter: `${tag}:n2` }, args: { value: 'v', step: 1 } });
    await call();
    const sent: string[] = [];
    const original = redis.sendCommand.bind(redis);
    const spy = jest.spyOn(redis, 'sendCommand').mockImplementation((command, ...rest) => {
      if (command.args.some((a) => String(a).includes(`${tag}:t2`))) sent.push(command.name.toLowerCase());
      return original(command, ...rest);
    });
    try {
      await call();
      expect(sent).toEqual(['evalsha']);
      // What a Redis restarted without its scripts looks like: the next EVALSHA answers NOSCRIPT and EVAL follows.
      // (Only this file's script is taken out: other suites share the server.)
      sent.length = 0;
      evictScript(redis, PUT.sha);
      expect((await call())[1]).toBe(3);
      expect(sent).toEqual(['evalsha', 'eval']);
    } finally {
      spy.mockRestore();
    }
  });

  it('runs beside other commands of the same tick (one auto-pipeline)', async () => {
    const fresh = createRedis(process.env.REDIS_URL!, prefix); // enableAutoPipelining, as every client of the platform
    try {
      await fresh.ping();
      const [, reply] = await Promise.all([
        fresh.set(`${tag}:before`, '1'), // opens this tick's pipeline
        PUT<[string, number]>(fresh, { keys: { target: `${tag}:t4`, counter: `${tag}:n4` }, args: { value: 'x', step: 4 } }),
      ]);
      expect(reply[1]).toBe(4);
    } finally {
      fresh.disconnect();
    }
  });

  it('works on another client (a duplicate) as on the first', async () => {
    const other = redis.duplicate();
    try {
      const reply = await PUT<[string, number]>(other, { keys: { target: `${tag}:t3`, counter: `${tag}:n3` }, args: { value: 'w', step: 5 } });
      expect(reply[1]).toBe(5);
    } finally {
      other.disconnect();
    }
  });
});
