import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { Clock, REDIS } from '@hoi-thi/platform';
import { LeaderboardEnv } from '../leaderboard.env';
import { RegradeService } from '../results/regrade.service';
import { InvalidSubmission, LiveAttempt, parseSubmission } from './live-attempt';
import { LiveBoardService } from './live-board.service';

export const CONSUMER_GROUP = 'leaderboard';
export const DEAD_LETTER_STREAM = 'leaderboard.dead-letter.v1';

type StreamEntry = [id: string, fields: string[]];
type StreamReply = [stream: string, entries: StreamEntry[]][] | null;

/**
 * The consumer group `leaderboard` on `exam.attempt-submitted.v1` (and `question-bank.key-corrected.v1`):
 * at-least-once (acknowledged after the board is written), idempotent by attempt id (the board's `seen` set),
 * entries a dead consumer left pending reclaimed with XAUTOCLAIM after LEADERBOARD_CLAIM_IDLE_MS, and an entry
 * that keeps failing moved to `leaderboard.dead-letter.v1` after LEADERBOARD_MAX_DELIVERIES deliveries.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SubmissionsConsumer.name);
  readonly consumer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private blocking?: Redis;
  private running = false;
  private loop?: Promise<void>;
  private reclaimTimer?: NodeJS.Timeout;
  private reclaiming = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: LeaderboardEnv,
    private readonly board: LiveBoardService,
    private readonly regrades: RegradeService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.LEADERBOARD_CONSUMER) return;
    await this.ensureGroups();
    this.blocking = this.redis.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null });
    this.blocking.on('error', () => undefined);
    this.running = true;
    this.loop = this.run();
    this.reclaimTimer = setInterval(() => void this.reclaim(), this.settings.LEADERBOARD_CLAIM_EVERY_MS);
    this.reclaimTimer.unref();
  }

  /** Before Redis closes: stop reading, let the batch in hand finish and be acknowledged, then leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.reclaimTimer) clearInterval(this.reclaimTimer);
    this.blocking?.disconnect();
    await this.loop?.catch(() => undefined);
    while (this.reclaiming) await new Promise((r) => setTimeout(r, 20));
    // A consumer leaving nothing pending is removed from the group (a crashed one stays until reclaimed).
    for (const stream of [STREAMS.attemptSubmitted, STREAMS.keyCorrected]) {
      const pending = await this.redis.xpending(stream, CONSUMER_GROUP, '-', '+', 1, this.consumer).catch(() => [1]);
      if (Array.isArray(pending) && pending.length === 0) await this.redis.xgroup('DELCONSUMER', this.fullKey(stream), CONSUMER_GROUP, this.consumer).catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    // After a failed batch (PostgreSQL or Redis briefly away), this consumer's own pending entries are read again
    // (id 0) once the pause is over, instead of waiting for the idle-time reclaim: the board catches up in seconds.
    let retryOwn = false;
    while (this.running) {
      try {
        if (retryOwn) {
          // One pass (a failure lands in the catch and schedules another); entries left pending on purpose
          // (an unknown round) wait for the reclaim as before.
          retryOwn = false;
          for (const stream of [STREAMS.attemptSubmitted, STREAMS.keyCorrected]) {
            const own = await this.read(stream, '0');
            const live = own.filter((e) => e && Array.isArray(e[1]));
            if (live.length) await this.handle(stream, live);
          }
          continue;
        }
        // One stream per XREADGROUP: the two streams hash to different slots of a Redis Cluster, and one command
        // may not span slots. Corrections are rare: a look without waiting, then the submissions, waiting up to 1 s.
        const corrections = await this.read(STREAMS.keyCorrected, '>');
        if (corrections.length) await this.handle(STREAMS.keyCorrected, corrections);
        const submissions = await this.read(STREAMS.attemptSubmitted, '>', corrections.length ? 0 : 1000);
        if (submissions.length) await this.handle(STREAMS.attemptSubmitted, submissions);
      } catch (e) {
        if (!this.running) return;
        this.logger.error(`consumer: ${(e as Error).message}`);
        // Redis came back empty (a restart without persistence, FLUSHALL): the streams and the group went with it.
        // Make the group again from the start of whatever the stream holds now; the board itself is rebuilt from
        // PostgreSQL by the first apply that finds it missing.
        if (/NOGROUP/.test((e as Error).message)) await this.ensureGroups().catch(() => undefined);
        retryOwn = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** The consumer group on both streams, from their first entry (MKSTREAM: the stream may not exist yet). */
  private async ensureGroups(): Promise<void> {
    for (const stream of [STREAMS.attemptSubmitted, STREAMS.keyCorrected]) {
      // ioredis does not prefix XGROUP's key (a container command): name it in full.
      await this.redis.xgroup('CREATE', this.fullKey(stream), CONSUMER_GROUP, '0', 'MKSTREAM').catch((e: Error) => {
        if (!/BUSYGROUP/.test(e.message)) throw e;
      });
    }
  }

  /** This consumer's next entries of one stream: new ones ('>'), waiting up to `blockMs` (0: not at all), or its own pending ones ('0'). */
  private async read(stream: string, from: '>' | '0', blockMs = 0): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', CONSUMER_GROUP, this.consumer, 'COUNT', this.settings.LEADERBOARD_BATCH];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    const reply = (await (this.blocking!.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(...args, 'STREAMS', stream, from)) as StreamReply | null;
    return reply?.[0]?.[1] ?? [];
  }

  /** Applies a batch of entries of one stream and acknowledges those that are done (applied, duplicate or dead-lettered). */
  async handle(stream: string, entries: StreamEntry[]): Promise<void> {
    if (!entries.length) return;
    const done: string[] = [];
    if (stream === STREAMS.keyCorrected) {
      for (const [id, fields] of entries) {
        try {
          const event = JSON.parse(field(fields, 'data') ?? 'null') as KeyCorrectedV1;
          for (const roundId of event?.roundIds ?? []) this.regrades.schedule(String(roundId).toLowerCase(), 'key-corrected');
          done.push(id);
        } catch (e) {
          await this.deadLetter(stream, id, fields, (e as Error).message);
          done.push(id);
        }
      }
    } else {
      const valid: { id: string; attempt: LiveAttempt }[] = [];
      for (const [id, fields] of entries) {
        try {
          valid.push({ id, attempt: parseSubmission(JSON.parse(field(fields, 'data') ?? 'null')) });
        } catch (e) {
          if (!(e instanceof InvalidSubmission) && !(e instanceof SyntaxError)) throw e;
          await this.deadLetter(stream, id, fields, (e as Error).message);
          done.push(id);
        }
      }
      const outcomes = await this.board.applyAttempts(valid.map((v) => v.attempt));
      outcomes.forEach((outcome, i) => {
        const { id, attempt } = valid[i];
        if (outcome === 'unknown-round') return; // left pending: retried when reclaimed, dead-lettered after too many tries
        if (outcome === 'invalid') void this.deadLetter(stream, id, ['data', JSON.stringify(attempt)], 'cannot be ranked');
        if (attempt.regraded) this.regrades.schedule(attempt.roundId, 'attempt-regraded');
        done.push(id);
      });
    }
    if (done.length) await this.redis.xack(stream, CONSUMER_GROUP, ...done);
  }

  /** Entries pending longer than the idle time (a dead consumer's): too-often-failed ones dead-lettered, the rest claimed and applied. */
  async reclaim(): Promise<void> {
    if (this.reclaiming || !this.running) return;
    this.reclaiming = true;
    const idle = this.settings.LEADERBOARD_CLAIM_IDLE_MS;
    try {
      for (const stream of [STREAMS.attemptSubmitted, STREAMS.keyCorrected]) {
        const pending = (await this.redis.xpending(stream, CONSUMER_GROUP, 'IDLE', idle, '-', '+', 200)) as [string, string, number, number][];
        const poisoned = pending.filter(([, , , deliveries]) => deliveries >= this.settings.LEADERBOARD_MAX_DELIVERIES).map(([id]) => id);
        for (const id of poisoned) {
          const [entry] = (await this.redis.xrange(stream, id, id)) as StreamEntry[];
          await this.deadLetter(stream, id, entry?.[1] ?? [], 'too many deliveries');
          await this.redis.xack(stream, CONSUMER_GROUP, id);
        }
        let cursor = '0-0';
        do {
          const [next, entries] = (await this.redis.xautoclaim(stream, CONSUMER_GROUP, this.consumer, idle, cursor, 'COUNT', 500)) as [string, StreamEntry[], string[]];
          const live = entries.filter((e) => e && Array.isArray(e[1]));
          if (live.length) {
            this.logger.warn(`reclaimed ${live.length} pending entries of ${stream}`);
            await this.handle(stream, live);
          }
          cursor = next;
        } while (cursor !== '0-0' && this.running);
      }
      await this.trim(STREAMS.attemptSubmitted);
    } catch (e) {
      this.logger.error(`reclaim: ${(e as Error).message}`);
    } finally {
      this.reclaiming = false;
    }
  }

  /**
   * Keeps the submissions stream from growing for ever (a million submissions would hold ~400 MB of Redis): drops
   * entries every consumer group of the stream has been given and acknowledged, and that are older than
   * LEADERBOARD_STREAM_KEEP_MS (recent history stays, for inspection). An entry still pending anywhere is kept.
   */
  async trim(stream: string): Promise<number> {
    const groups = (await this.redis.xinfo('GROUPS', this.fullKey(stream))) as unknown[][];
    let floor = streamIdAt(this.clock.now() - this.settings.LEADERBOARD_STREAM_KEEP_MS);
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      let safe = String(info.get('last-delivered-id') ?? '0-0');
      if (Number(info.get('pending') ?? 0) > 0) {
        const [oldest] = (await this.redis.xpending(stream, String(info.get('name')), '-', '+', 1)) as [string, ...unknown[]][];
        if (oldest) safe = oldest[0];
      }
      if (compareStreamIds(safe, floor) < 0) floor = safe;
    }
    return floor === '0-0' ? 0 : Number(await this.redis.xtrim(stream, 'MINID', '~', floor));
  }

  private fullKey(key: string): string {
    return `${(this.redis.options.keyPrefix ?? '') as string}${key}`;
  }

  private async deadLetter(stream: string, id: string, fields: string[], error: string): Promise<void> {
    this.logger.warn(`dead-lettered ${stream} ${id}: ${error}`);
    await this.redis.xadd(DEAD_LETTER_STREAM, 'MAXLEN', '~', '100000', '*', 'stream', stream, 'id', id, 'data', field(fields, 'data') ?? '', 'error', error);
  }
}

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** The stream id of a moment (entries added before it have smaller ids). */
function streamIdAt(ms: number): string {
  return `${Math.max(0, Math.floor(ms))}-0`;
}

/** Orders two stream ids (`<ms>-<seq>`) as Redis does. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am !== bm ? Math.sign(am - bm) : Math.sign((as ?? 0) - (bs ?? 0));
}
