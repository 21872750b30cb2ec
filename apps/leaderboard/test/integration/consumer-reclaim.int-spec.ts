import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { STREAMS } from '@hoi-thi/contracts';
import { createTestApp, privateRedisPrefix } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { CONSUMER_GROUP, DEAD_LETTER_STREAM, SubmissionsConsumer } from '../../src/live/submissions.consumer';
import { liveKeys } from '../../src/live/live-keys';
import { attempt, pg, publishRound, publishSubmissions, redis, snapshot, storeAttempts, waitFor } from '../support/fixtures';

jest.setTimeout(120_000);

describe('consumer group: a dead consumer’s pending entries and poison messages', () => {
  let app: NestFastifyApplication | undefined;
  let r: Redis;
  let db: Client;
  // A stream and consumer group of this file's own: on the run's shared stream another file's consumer could read
  // the entries before the "crashed" consumer below does, and the crashed consumer would read other files' entries.
  const prefix = privateRedisPrefix('reclaim');

  beforeAll(async () => {
    db = await pg();
    r = redis(prefix);
  });
  afterAll(async () => {
    await app?.close();
    r.disconnect();
    await db.end();
  });

  it('reclaims what a consumer read and never acknowledged, and dead-letters what cannot be read', async () => {
    const round = await publishRound(r, snapshot());
    const lost = attempt(round.roundId, { points: 7, correct: 7 });
    await storeAttempts(db, [lost]);
    const full = `${prefix}${STREAMS.attemptSubmitted}`;
    await r.xgroup('CREATE', full, CONSUMER_GROUP, '$', 'MKSTREAM').catch(() => undefined);
    await publishSubmissions(r, [lost]);
    await r.xadd(STREAMS.attemptSubmitted, '*', 'data', '{"attemptId": "not-a-uuid"}');
    // A consumer reads them and dies before acknowledging.
    const read = (await r.xreadgroup('GROUP', CONSUMER_GROUP, 'crashed-consumer', 'COUNT', 1000, 'STREAMS', STREAMS.attemptSubmitted, '>')) as [
      string,
      [string, string[]][],
    ][];
    expect(read[0][1].length).toBeGreaterThanOrEqual(2);

    app = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CLAIM_IDLE_MS: '200', LEADERBOARD_CLAIM_EVERY_MS: '100', REDIS_KEY_PREFIX: prefix });
    const entry = await waitFor(async () => r.hget(liveKeys(round.roundId).best, lost.contestantId));
    expect(JSON.parse(entry)).toMatchObject({ a: lost.attemptId, p: 7 });
    const dead = await waitFor(async () => {
      const rows = (await r.xrange(DEAD_LETTER_STREAM, '-', '+')) as [string, string[]][];
      return rows.find(([, f]) => f.includes('{"attemptId": "not-a-uuid"}'));
    });
    expect(dead[1]).toEqual(expect.arrayContaining(['error', 'attemptId must be a uuid']));
    await waitFor(async () => ((await r.xpending(STREAMS.attemptSubmitted, CONSUMER_GROUP, '-', '+', 10, 'crashed-consumer')) as unknown[]).length === 0);
  });

  it('trims the stream of what every group acknowledged, keeping what is still pending', async () => {
    // A second group that has read nothing (another service's): nothing may go until it has them too.
    const full = `${prefix}${STREAMS.attemptSubmitted}`;
    const round = await publishRound(r, snapshot());
    // More than one macro node of the stream (100 entries each), so the approximate trim has whole nodes to drop.
    const entries = Array.from({ length: 250 }, (_, i) => attempt(round.roundId, { points: i % 20, correct: i % 20 }));
    await storeAttempts(db, entries);
    await publishSubmissions(r, entries);
    await waitFor(async () => (await r.zcard(liveKeys(round.roundId).global)) === 250);
    const trimApp = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_STREAM_KEEP_MS: '0', LEADERBOARD_CONSUMER: 'false', REDIS_KEY_PREFIX: prefix });
    try {
      const consumer = trimApp.get(SubmissionsConsumer);
      await r.xgroup('CREATE', full, 'late-group', '0');
      expect(await consumer.trim()).toBe(0);
      await r.xgroup('DESTROY', full, 'late-group');
      await waitFor(async () => (await r.xpending(STREAMS.attemptSubmitted, CONSUMER_GROUP))[0] === 0);
      const before = await r.xlen(STREAMS.attemptSubmitted);
      // Everything acknowledged by the one group left: trimmed (MINID ~ may keep a partial macro node, never less).
      await consumer.trim();
      const after = await r.xlen(STREAMS.attemptSubmitted);
      expect(before).toBeGreaterThanOrEqual(250);
      expect(after).toBeLessThan(before - 99);
      // Never what the group has not been given: the newest entry is still there.
      const newest = (await r.xrevrange(STREAMS.attemptSubmitted, '+', '-', 'COUNT', 1)) as [string, string[]][];
      expect(newest).toHaveLength(1);
    } finally {
      await trimApp.close();
    }
  });
});
