import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { hostname } from 'node:os';

type RawEntry = [id: string, fields: string[]];
type ReadReply = [stream: string, entries: RawEntry[]][] | null;
/** XPENDING's extended form: id, consumer, ms since the last delivery, deliveries. */
type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];

/** One entry handed to the handler: its id, its `data` field parsed as JSON (null when it has none), all its fields. */
export interface StreamMessage<T> {
  id: string;
  data: T;
  fields: string[];
}

/**
 * What became of one entry: `'ack'` done (applied, or a duplicate); `'retry'` not now, left pending (the reclaim
 * hands it out again once idle, and dead-letters it after `maxDeliveries`); `{ retry }` the same, with the reason
 * logged and kept for the dead letter; `{ deadLetter }` never processable: moved to the dead-letter stream with the
 * reason, and acknowledged.
 */
export type StreamOutcome = 'ack' | 'retry' | { retry: string } | { deadLetter: string };

export interface StreamConsumerOptions<T> {
  /** The stream (the client adds the key prefix). */
  stream: string;
  /** The consumer group: one per consuming service; each entry goes to one consumer of the group. */
  group: string;
  /**
   * This consumer's name in the group. Default `<hostname>:<pid>` (`…:<n>` for the n-th consumer of the same stream
   * and group in this process): the same after a restart in a container (same hostname, pid 1), so the entries
   * a crashed run left are taken up again at once, rather than after `claimIdleMs`.
   */
  consumer?: string;
  /**
   * Processes one batch of entries, at least once each: an entry may come again after a crash or a reclaim, so
   * the effect must be idempotent (by entry or event id). Returns one outcome per message (void: all `'ack'`).
   * A throw leaves the whole batch pending: it is logged, the loop pauses `retryPauseMs` and hands this consumer's
   * pending entries out again, and an entry that keeps failing goes to the dead-letter stream.
   */
  handle(messages: StreamMessage<T>[]): Promise<readonly StreamOutcome[] | void>;
  /** Where entries that cannot be processed go (`<service>.dead-letter.v1`), with the stream, id, data and error. */
  deadLetterStream: string;
  /** Entries per read. Default 100. */
  batch?: number;
  /** How long one read waits for new entries (ms); the loop reads again right after. Default 5,000. */
  blockMs?: number;
  /** A pending entry idle this long belongs to a consumer that died: it is claimed (XAUTOCLAIM). Default 30,000. */
  claimIdleMs?: number;
  /** How often to look for such entries (and trim). Default 10,000. */
  claimEveryMs?: number;
  /** Deliveries after which an entry that keeps failing is dead-lettered instead of delivered again. Default 5. */
  maxDeliveries?: number;
  /** The pause after a failed read or batch (Redis or a database briefly away). Default 1,000. */
  retryPauseMs?: number;
  /**
   * Trim the stream after each reclaim pass: drop the entries every group of the stream has been given and has
   * acknowledged, that are older than this (ms). Unset: never trim (the producer bounds the stream itself).
   */
  trimKeepMs?: number;
  /** How long `stop()` waits for the batch in hand (ms). Default 10,000. */
  stopTimeoutMs?: number;
  /** Now, in ms since the epoch, for `trimKeepMs` (the service's `Clock.now`). Default `Date.now`. */
  now?: () => number;
}

/** Consumers made in this process per stream and group, for default names. */
const namesInProcess = new Map<string, number>();

/**
 * Work shared among the instances of a service, at least once, through a Redis Streams consumer group: the
 * group is made with MKSTREAM (from the stream's first entry) and made again after NOGROUP (Redis flushed or
 * restarted empty, the stream deleted); a connection of its own for the blocking reads, one stream per XREADGROUP
 * (two streams hash to different slots of a Redis Cluster); acknowledged after the handler's effect; this
 * consumer's own pending entries handed out again after a failure or a restart under the same name; entries a dead
 * consumer left claimed with XAUTOCLAIM once idle `claimIdleMs`; an entry delivered more than `maxDeliveries` times
 * moved to the dead-letter stream with its last error and acknowledged; the stream trimmed only below what every
 * group has acknowledged. Handler errors are logged and never end the loop. `stop()` (a module's
 * `onModuleDestroy`/`beforeApplicationShutdown`, before Redis closes) ends a blocked read at once.
 *
 * Not for a fact every process must hear (a cache to drop): that is `StreamTail`, with no group.
 */
export class StreamConsumer<T = unknown> {
  readonly consumer: string;
  private readonly logger: Logger;
  private readonly batch: number;
  private readonly blockMs: number;
  private readonly claimIdleMs: number;
  private readonly claimEveryMs: number;
  private readonly maxDeliveries: number;
  private readonly retryPauseMs: number;
  private readonly stopTimeoutMs: number;
  private readonly now: () => number;
  private blocking?: Redis;
  private running = false;
  private loop?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private reclaiming?: Promise<void>;
  private wake?: () => void;
  /** The last error of entries left pending, for their dead letter (bounded: entries a peer takes are never cleared here). */
  private readonly lastError = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly options: StreamConsumerOptions<T>,
  ) {
    this.batch = options.batch ?? 100;
    this.blockMs = options.blockMs ?? 5000;
    this.claimIdleMs = options.claimIdleMs ?? 30_000;
    this.claimEveryMs = options.claimEveryMs ?? 10_000;
    this.maxDeliveries = options.maxDeliveries ?? 5;
    this.retryPauseMs = options.retryPauseMs ?? 1000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.consumer = options.consumer ?? defaultConsumerName(`${this.fullKey(options.stream)}\n${options.group}`);
    this.logger = new Logger(`StreamConsumer ${options.stream} ${options.group}`);
  }

  /** Makes the group if needed, then reads in the background (own pending entries first) and reclaims on a timer. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.ensureGroup();
    this.blocking = this.redis.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null });
    this.blocking.on('error', () => undefined);
    this.running = true;
    this.loop = this.run();
    this.timer = setInterval(() => void this.reclaim(), this.claimEveryMs);
    this.timer.unref();
  }

  /**
   * Stops reading (a blocked read ends at once), lets the batch in hand finish and be acknowledged (up to
   * `stopTimeoutMs`), then leaves the group when nothing is pending under this name (a crashed consumer stays
   * until its entries are reclaimed). Call it before the Redis client closes.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.wake?.();
    this.blocking?.disconnect();
    const finished = await Promise.race([
      Promise.all([this.loop?.catch(() => undefined), this.reclaiming]).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), this.stopTimeoutMs).unref()),
    ]);
    if (!finished) {
      this.logger.warn(`stopped with a batch still in hand after ${this.stopTimeoutMs} ms: it stays pending for a peer`);
      return;
    }
    const mine = (await this.redis.xpending(this.options.stream, this.options.group, '-', '+', 1, this.consumer).catch(() => [1])) as unknown[];
    if (mine.length === 0) await this.redis.xgroup('DELCONSUMER', this.fullKey(this.options.stream), this.options.group, this.consumer).catch(() => undefined);
  }

  /**
   * One pass without waiting, for tests and tools driving the consumer by hand (or with the loop off): this
   * consumer's pending entries, then the new ones. Returns how many entries were acknowledged.
   */
  async pollOnce(): Promise<number> {
    await this.ensureGroup();
    let done = (await this.takeOwn()).acked;
    const entries = await this.read(this.redis, 0);
    if (entries.length) done += (await this.process(entries)).acked;
    return done;
  }

  /**
   * Entries pending longer than `claimIdleMs` under any name (a dead consumer's, or ours left for later), claimed
   * with XAUTOCLAIM and processed, or dead-lettered when delivered too often; then the trim, when configured.
   * Runs on the timer; never two at once.
   */
  reclaim(): Promise<void> {
    if (this.reclaiming) return this.reclaiming;
    this.reclaiming = this.reclaimPass().finally(() => (this.reclaiming = undefined));
    return this.reclaiming;
  }

  private async reclaimPass(): Promise<void> {
    const { stream, group } = this.options;
    try {
      let cursor = '0-0';
      do {
        const [next, entries] = (await this.redis.xautoclaim(stream, group, this.consumer, this.claimIdleMs, cursor, 'COUNT', this.batch)) as [
          string,
          (RawEntry | null)[],
          string[],
        ];
        const live = entries.filter(isEntry);
        if (live.length) {
          this.logger.warn(`claimed ${live.length} entries idle over ${this.claimIdleMs} ms`);
          await this.process(live, await this.deliveries(live));
        }
        cursor = next;
      } while (cursor !== '0-0' && this.proceeding());
      if (this.options.trimKeepMs !== undefined) await this.trim();
    } catch (e) {
      // NOGROUP here too when Redis came back empty: the loop makes the group again.
      this.logger.error(`reclaim: ${(e as Error).message}`);
    }
  }

  /**
   * Drops entries every consumer group of the stream has been given and has acknowledged, and that are older than
   * `trimKeepMs` (recent history stays, for inspection): XTRIM MINID ~ at the oldest entry still pending anywhere
   * or not yet delivered to some group. MINID rather than MAXLEN: a length cannot know that a lagging group has
   * not read an entry yet; `~` lets Redis drop whole nodes only, and bounds each call's work. Returns how many went.
   */
  async trim(): Promise<number> {
    const { stream } = this.options;
    const groups = (await this.redis.xinfo('GROUPS', this.fullKey(stream))) as unknown[][];
    let floor = streamIdAt(this.now() - (this.options.trimKeepMs ?? 0));
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      // The group has not been given what comes after its last-delivered id; what it was given may still be pending.
      let safe = String(info.get('last-delivered-id') ?? '0-0');
      if (Number(info.get('pending') ?? 0) > 0) {
        const [oldest] = (await this.redis.xpending(stream, String(info.get('name')), '-', '+', 1)) as PendingRow[];
        if (oldest) safe = oldest[0];
      }
      if (compareStreamIds(safe, floor) < 0) floor = safe;
    }
    return floor === '0-0' ? 0 : Number(await this.redis.xtrim(stream, 'MINID', '~', floor));
  }

  private async run(): Promise<void> {
    // Own pending entries first (a restart under the same name), and again after each failure, after a pause that
    // doubles while failures follow each other (up to claimIdleMs): a database away for a while costs a few
    // deliveries, not one a second, before an entry that keeps failing is dead-lettered.
    let own = true;
    let failures = 0;
    let regroup = false;
    while (this.running) {
      let failed: boolean;
      try {
        // Redis came back empty (no persistence, FLUSHALL) or the stream was deleted: the group went with it. Make it
        // again (after the pause) from the start of whatever the stream holds by then.
        if (regroup) {
          regroup = false;
          await this.ensureGroup();
        }
        if (own) failed = (await this.takeOwn()).failed;
        else {
          const entries = await this.read(this.blocking!, this.blockMs);
          failed = entries.length > 0 && (await this.process(entries)).failed;
        }
      } catch (e) {
        if (!this.running) return;
        this.logger.error(`read: ${(e as Error).message}`);
        regroup = isNoGroup(e);
        failed = true;
      }
      own = failed;
      failures = failed ? failures + 1 : 0;
      if (failed && this.running) await this.pause(Math.min(this.retryPauseMs * 2 ** (failures - 1), Math.max(this.retryPauseMs, this.claimIdleMs)));
    }
  }

  /** This consumer's pending entries, page by page (XCLAIM to itself counts a delivery). */
  private async takeOwn(): Promise<{ acked: number; failed: boolean }> {
    const { stream, group } = this.options;
    let acked = 0;
    let from = '-';
    for (;;) {
      const rows = (await this.redis.xpending(stream, group, from, '+', this.batch, this.consumer)) as PendingRow[];
      if (!rows.length) return { acked, failed: false };
      const ids = rows.map((r) => r[0]);
      const entries = ((await this.redis.xclaim(stream, group, this.consumer, 0, ...ids)) as (RawEntry | null)[]).filter(isEntry);
      const counts = new Map(rows.map((r) => [r[0], Number(r[3]) + 1]));
      const outcome = entries.length ? await this.process(entries, counts) : { acked: 0, failed: false };
      acked += outcome.acked;
      if (outcome.failed || rows.length < this.batch || !this.proceeding()) return { acked, failed: outcome.failed };
      from = `(${ids[ids.length - 1]}`;
    }
  }

  /** Running, or driven by hand (never started): a pass goes on; stopping: it ends after the page in hand. */
  private proceeding(): boolean {
    return this.running || !this.blocking;
  }

  /** New entries for this consumer: waiting up to `blockMs` on the blocking connection, or not at all (0). */
  private async read(conn: Redis, blockMs: number): Promise<RawEntry[]> {
    const { stream, group } = this.options;
    const reply = (
      blockMs > 0
        ? await conn.xreadgroup('GROUP', group, this.consumer, 'COUNT', this.batch, 'BLOCK', blockMs, 'STREAMS', stream, '>')
        : await conn.xreadgroup('GROUP', group, this.consumer, 'COUNT', this.batch, 'STREAMS', stream, '>')
    ) as ReadReply;
    return reply?.[0]?.[1] ?? [];
  }

  /** Deliveries so far of entries just claimed by this consumer (one XPENDING over their range). */
  private async deliveries(entries: RawEntry[]): Promise<Map<string, number>> {
    const rows = (await this.redis.xpending(
      this.options.stream,
      this.options.group,
      entries[0][0],
      entries[entries.length - 1][0],
      entries.length,
      this.consumer,
    )) as PendingRow[];
    return new Map(rows.map((r) => [r[0], Number(r[3])]));
  }

  /**
   * Hands a batch to the handler and acknowledges what is done: dead letters first (an entry delivered more than
   * `maxDeliveries` times, a `data` that is not JSON, a `{ deadLetter }` outcome), each written before its ack.
   */
  private async process(entries: RawEntry[], deliveries?: Map<string, number>): Promise<{ acked: number; failed: boolean }> {
    const done: string[] = [];
    const letters: Promise<void>[] = [];
    const messages: StreamMessage<T>[] = [];
    for (const [id, fields] of entries) {
      const n = deliveries?.get(id) ?? 1;
      if (n > this.maxDeliveries) {
        letters.push(this.deadLetter(id, fields, this.lastError.get(id) ?? `delivered ${n - 1} times without being acknowledged`));
        done.push(id);
        continue;
      }
      const raw = field(fields, 'data');
      try {
        messages.push({ id, data: (raw === undefined ? null : JSON.parse(raw)) as T, fields });
      } catch (e) {
        letters.push(this.deadLetter(id, fields, (e as Error).message));
        done.push(id);
      }
    }
    let failed = false;
    if (messages.length) {
      let outcomes: readonly StreamOutcome[] | void = undefined;
      try {
        outcomes = await this.options.handle(messages);
      } catch (e) {
        failed = true;
        const error = (e as Error).message;
        this.logger.error(`handler failed on ${messages.length} entries (left pending): ${error}`);
        for (const m of messages) this.remember(m.id, error);
      }
      if (!failed) {
        messages.forEach((m, i) => {
          const outcome = outcomes ? (outcomes[i] ?? 'ack') : 'ack';
          if (outcome === 'ack') done.push(m.id);
          else if (outcome === 'retry') return;
          else if ('retry' in outcome) {
            this.logger.warn(`entry ${m.id} left pending: ${outcome.retry}`);
            this.remember(m.id, outcome.retry);
          } else {
            letters.push(this.deadLetter(m.id, m.fields, outcome.deadLetter));
            done.push(m.id);
          }
        });
      }
    }
    if (letters.length) await Promise.all(letters);
    if (!done.length) return { acked: 0, failed };
    for (const id of done) this.lastError.delete(id);
    await this.redis.xack(this.options.stream, this.options.group, ...done);
    return { acked: done.length, failed };
  }

  private remember(id: string, error: string): void {
    if (this.lastError.size >= 10_000) this.lastError.delete(this.lastError.keys().next().value!);
    this.lastError.set(id, error);
  }

  private async deadLetter(id: string, fields: string[], error: string): Promise<void> {
    this.logger.warn(`dead-lettered ${id}: ${error}`);
    const { stream, group, deadLetterStream } = this.options;
    await this.redis.xadd(
      deadLetterStream,
      'MAXLEN',
      '~',
      '100000',
      '*',
      'stream',
      stream,
      'group',
      group,
      'id',
      id,
      'data',
      field(fields, 'data') ?? '',
      'error',
      error,
    );
  }

  /** The group from the stream's first entry; MKSTREAM: the stream may not exist yet. */
  private async ensureGroup(): Promise<void> {
    // ioredis does not prefix XGROUP's key (a container command): name it in full.
    await this.redis.xgroup('CREATE', this.fullKey(this.options.stream), this.options.group, '0', 'MKSTREAM').catch((e: Error) => {
      if (!/BUSYGROUP/.test(e.message)) throw e;
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private fullKey(key: string): string {
    return `${(this.redis.options.keyPrefix ?? '') as string}${key}`;
  }
}

function defaultConsumerName(scope: string): string {
  const n = (namesInProcess.get(scope) ?? 0) + 1;
  namesInProcess.set(scope, n);
  const base = `${hostname()}:${process.pid}`;
  return n === 1 ? base : `${base}:${n}`;
}

function isEntry(e: RawEntry | null): e is RawEntry {
  return Array.isArray(e) && Array.isArray(e[1]);
}

function isNoGroup(e: unknown): boolean {
  return /NOGROUP|no longer exists/i.test((e as Error)?.message ?? '');
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
