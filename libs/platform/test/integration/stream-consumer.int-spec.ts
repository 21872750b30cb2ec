import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { pollUntil, privateRedisPrefix } from '@hoi-thi/testing';
import { createRedis } from '../../src/redis/redis';
import { StreamConsumer, StreamConsumerOptions, StreamMessage, StreamOutcome } from '../../src/redis/stream-consumer';

type Fact = { n: number; fail?: boolean; reject?: boolean };
const STREAM = 'test.facts.v1';
const DEAD = 'test.dead-letter.v1';
const GROUP = 'workers';

/**
 * Each test has a key prefix of its own (its stream, group and dead letters): consumers of two tests never meet, and
 * no test depends on another's leftovers.
 */
describe(StreamConsumer.name, () => {
  const started: StreamConsumer<Fact>[] = [];
  const clients: Redis[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((c) => c.stop()));
    for (const c of clients.splice(0)) c.disconnect();
  });

  function redis(): Redis {
    const r = createRedis(process.env.REDIS_URL!, privateRedisPrefix('consumer'));
    clients.push(r);
    return r;
  }

  /** A consumer whose handler records what it was given and answers per fact: fail throws, reject dead-letters. */
  function consumer(r: Redis, options: Partial<StreamConsumerOptions<Fact>> = {}) {
    const seen: number[] = [];
    const sut = new StreamConsumer<Fact>(r, {
      stream: STREAM,
      group: GROUP,
      deadLetterStream: DEAD,
      blockMs: 200,
      retryPauseMs: 20,
      claimIdleMs: 150,
      claimEveryMs: 50,
      maxDeliveries: 3,
      async handle(messages: StreamMessage<Fact>[]): Promise<StreamOutcome[]> {
        const out: StreamOutcome[] = [];
        for (const m of messages) {
          seen.push(m.data.n);
          if (m.data.fail) throw new Error(`fact ${m.data.n} cannot be applied`);
          out.push(m.data.reject ? { deadLetter: `fact ${m.data.n} is not a fact` } : 'ack');
        }
        return out;
      },
      ...options,
    });
    started.push(sut);
    return { sut, seen };
  }

  const add = (r: Redis, fact: Fact | string) => r.xadd(STREAM, '*', 'data', typeof fact === 'string' ? fact : JSON.stringify(fact));
  const pending = async (r: Redis) => ((await r.xpending(STREAM, GROUP)) as [number])[0];
  const deadLetters = async (r: Redis) =>
    ((await r.xrange(DEAD, '-', '+')) as [string, string[]][]).map(([, f]) =>
      Object.fromEntries(f.map((v, i) => (i % 2 ? [] : [v, f[i + 1]])).filter((x) => x.length)),
    );

  it('hands over what the stream held before the group existed and what comes after, and acknowledges it', async () => {
    const r = redis();
    await add(r, { n: 1 });
    const { sut, seen } = consumer(r);
    await sut.start();
    await add(r, { n: 2 });
    await pollUntil('both facts', () => seen.length === 2, 10_000, 20);
    expect(seen).toEqual([1, 2]);
    await pollUntil('nothing pending', async () => (await pending(r)) === 0, 10_000, 20);
  });

  it('claims what a dead consumer read and never acknowledged, once idle', async () => {
    const r = redis();
    const { sut, seen } = consumer(r);
    await r.xgroup('CREATE', `${r.options.keyPrefix}${STREAM}`, GROUP, '0', 'MKSTREAM');
    await add(r, { n: 7 });
    await r.xreadgroup('GROUP', GROUP, 'crashed', 'COUNT', 10, 'STREAMS', STREAM, '>');
    await sut.start();
    await pollUntil('the dead consumer’s fact', () => seen.includes(7), 10_000, 20);
    await pollUntil('nothing pending', async () => (await pending(r)) === 0, 10_000, 20);
    expect(seen).toEqual([7]);
  });

  it('dead-letters an entry after maxDeliveries failed deliveries, with its error, and goes on with the next', async () => {
    const r = redis();
    const { sut, seen } = consumer(r);
    await sut.start();
    const id = await add(r, { n: 1, fail: true });
    const [letter] = await pollUntil('a dead letter', async () => ((await deadLetters(r)).length ? deadLetters(r) : null), 15_000, 20);
    expect(letter).toMatchObject({ stream: STREAM, group: GROUP, id, data: JSON.stringify({ n: 1, fail: true }), error: 'fact 1 cannot be applied' });
    expect(seen).toEqual([1, 1, 1]);
    expect(await pending(r)).toBe(0);
    await add(r, { n: 2 });
    await pollUntil('the next fact', () => seen.includes(2), 10_000, 20);
  });

  it('dead-letters at once an entry that is not JSON or that the handler refuses', async () => {
    const r = redis();
    const { sut, seen } = consumer(r);
    await sut.start();
    await add(r, '{not json');
    await add(r, { n: 3, reject: true });
    await add(r, { n: 4 });
    await pollUntil('two dead letters', async () => (await deadLetters(r)).length === 2, 10_000, 20);
    const letters = await deadLetters(r);
    expect(letters[0].error).toMatch(/JSON/);
    expect(letters[1]).toMatchObject({ data: JSON.stringify({ n: 3, reject: true }), error: 'fact 3 is not a fact' });
    await pollUntil('the good fact', () => seen.includes(4), 10_000, 20);
    expect(seen).toEqual([3, 4]);
    await pollUntil('nothing pending', async () => (await pending(r)) === 0, 10_000, 20);
  });

  it('makes the group again after NOGROUP (the stream deleted, as by a Redis flushed) and reads what comes next', async () => {
    const r = redis();
    const { sut, seen } = consumer(r);
    await sut.start();
    await add(r, { n: 1 });
    await pollUntil('the first fact', () => seen.includes(1), 10_000, 20);
    await r.del(STREAM);
    await add(r, { n: 2 });
    await pollUntil('the fact after the flush', () => seen.includes(2), 15_000, 20);
    const groups = (await r.xinfo('GROUPS', `${r.options.keyPrefix}${STREAM}`)) as unknown[][];
    expect(groups.map((g) => g[1])).toEqual([GROUP]);
  });

  it('stops at once while blocked in a read, and leaves the group when nothing is pending under its name', async () => {
    const r = redis();
    const { sut } = consumer(r, { blockMs: 30_000 });
    await sut.start();
    await new Promise((res) => setTimeout(res, 200)); // the read is blocked by now
    const t0 = Date.now();
    await sut.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    const consumers = (await r.xinfo('CONSUMERS', `${r.options.keyPrefix}${STREAM}`, GROUP)) as unknown[][];
    expect(consumers).toEqual([]);
  });

  it('takes its own pending entries again at start (a restart under the same name)', async () => {
    const r = redis();
    await r.xgroup('CREATE', `${r.options.keyPrefix}${STREAM}`, GROUP, '0', 'MKSTREAM');
    await add(r, { n: 5 });
    await r.xreadgroup('GROUP', GROUP, 'me', 'COUNT', 10, 'STREAMS', STREAM, '>');
    const { sut, seen } = consumer(r, { consumer: 'me', claimIdleMs: 60_000 });
    await sut.start();
    await pollUntil('the fact read before the restart', () => seen.includes(5), 5000, 20);
  });

  it('gives two consumers of one stream and group in one process different names', () => {
    const r = redis();
    const a = new StreamConsumer(r, { stream: STREAM, group: GROUP, deadLetterStream: DEAD, handle: async () => undefined });
    const b = new StreamConsumer(r, { stream: STREAM, group: GROUP, deadLetterStream: DEAD, handle: async () => undefined });
    expect(a.consumer).not.toEqual(b.consumer);
    expect(a.consumer.startsWith(`${hostname()}:${process.pid}`)).toBe(true);
  });

  it('trims only what every group has acknowledged', async () => {
    const r = redis();
    const { sut } = consumer(r, { trimKeepMs: 0, claimEveryMs: 60_000, batch: 500 });
    await r.xgroup('CREATE', `${r.options.keyPrefix}${STREAM}`, 'late', '0', 'MKSTREAM');
    // More than one macro node of the stream (100 entries each), so the approximate trim has whole nodes to drop.
    for (let i = 0; i < 250; i++) await add(r, { n: i });
    expect(await sut.pollOnce()).toBe(250);
    expect(await sut.trim()).toBe(0); // the group `late` has read nothing
    await r.xgroup('DESTROY', `${r.options.keyPrefix}${STREAM}`, 'late');
    await sut.trim();
    const left = await r.xlen(STREAM);
    expect(left).toBeLessThan(250 - 99);
    expect(left).toBeGreaterThan(0); // never the newest, which MINID ~ keeps
  });

  it('handles by hand, without the loop: own pending first, then new ones (pollOnce)', async () => {
    const r = redis();
    const { sut, seen } = consumer(r);
    await add(r, { n: 1 });
    await add(r, { n: 2 });
    expect(await sut.pollOnce()).toBe(2);
    expect(await sut.pollOnce()).toBe(0);
    expect(seen).toEqual([1, 2]);
  });
});
