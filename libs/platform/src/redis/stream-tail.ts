import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

type Entries = [stream: string, entries: [id: string, fields: string[]][]][] | null;

/**
 * Every process hearing every new entry of one stream, with no consumer group: a consumer group hands each entry to
 * one process, while a fact that invalidates a per-process cache (a contest unpublished) must reach them all. Reads
 * from the stream's end at start, on a connection of its own (XREAD BLOCK holds it), and hands each entry's `data`
 * JSON to `onFact`. Nothing is acknowledged or replayed: what a process misses while Redis is away, the cache it
 * protects forgets at its own expiry anyway.
 */
export class StreamTail<T> {
  private conn?: Redis;
  private running = false;
  private loop?: Promise<void>;
  private readonly logger: Logger;

  constructor(
    private readonly redis: Redis,
    private readonly stream: string,
    private readonly onFact: (fact: T, id: string) => void | Promise<void>,
    private readonly blockMs = 5000,
  ) {
    this.logger = new Logger(`StreamTail ${stream}`);
  }

  /** Starts reading; resolves once the first read is issued (what is added to the stream from then on is heard). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.conn = this.redis.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null });
    this.conn.on('error', () => undefined);
    const last = await this.lastId().catch(() => '$');
    this.loop = this.run(last);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.conn?.disconnect();
    await this.loop?.catch(() => undefined);
  }

  /** The id of the stream's newest entry ('0-0' when it is empty): reading after it misses nothing added later. */
  private async lastId(): Promise<string> {
    const newest = (await this.conn!.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return newest[0]?.[0] ?? '0-0';
  }

  private async run(from: string): Promise<void> {
    let last = from;
    while (this.running) {
      try {
        const reply = (await this.conn!.xread('COUNT', 100, 'BLOCK', this.blockMs, 'STREAMS', this.stream, last)) as Entries;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          last = id;
          const i = fields.indexOf('data');
          if (i < 0) continue;
          try {
            await this.onFact(JSON.parse(fields[i + 1]) as T, id);
          } catch (e) {
            this.logger.warn(`entry ${id}: ${(e as Error).message}`);
          }
        }
      } catch (e) {
        if (!this.running) return;
        this.logger.warn(`read: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
