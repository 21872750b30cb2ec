import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { join } from 'node:path';
import { defineScript, REDIS } from '@hoi-thi/platform';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { EXAM_PG } from '../shared/exam-pg';

/** XADD once per dedupe key (a crash between XADD and the outbox DELETE must not duplicate). */
const XADD_ONCE = defineScript({ name: 'examRelay', file: join(__dirname, 'outbox-relay.xadd-once.lua'), keys: ['dedupe', 'stream'], args: ['payload'] });

/**
 * Relays the outbox to Redis Streams: rows taken FOR UPDATE SKIP LOCKED (several instances share the work),
 * appended to the stream once (deduplicated by attempt id, by outbox id for regrade corrections), then deleted.
 * Woken after each committed submit batch; polls as a safety net.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(EXAM_PG) private readonly pg: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.workers) {
      this.timer = setInterval(() => this.wake(), 1000);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  wake(): void {
    if (!this.config.workers || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayAll()
      .catch((e) => {
        this.logger.warn(`outbox relay failed: ${(e as Error).message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.wake());
        }
      });
  }

  /** Relays until the outbox is empty; returns how many rows went out. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayOnce(500);
      total += n;
      if (n < 500) return total;
    }
  }

  async relayOnce(limit: number): Promise<number> {
    const client = await this.pg.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query<{ id: string; attempt_id: string; stream: string; payload: string; regraded: boolean }>(
        `SELECT id, attempt_id, stream, payload::text AS payload, coalesce((payload->>'regraded')::boolean, false) AS regraded
         FROM exam.outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (r.rows.length) {
        // The dedupe key carries the stream's full name as its hash tag, so on a Redis Cluster both keys of the
        // script live in the stream's slot.
        const prefix = (this.redis.options.keyPrefix ?? '') as string;
        await Promise.all(
          r.rows.map((row) =>
            XADD_ONCE(this.redis, {
              keys: { dedupe: `{${prefix}${row.stream}}:relayed:${row.regraded ? `o${row.id}` : row.attempt_id}`, stream: row.stream },
              args: { payload: row.payload },
            }),
          ),
        );
        await client.query('DELETE FROM exam.outbox WHERE id = ANY($1::bigint[])', [r.rows.map((x) => x.id)]);
      }
      await client.query('COMMIT');
      return r.rows.length;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}
