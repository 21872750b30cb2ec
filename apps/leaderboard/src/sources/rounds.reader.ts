import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { roundKeys } from '@hoi-thi/contracts';
import { Clock, REDIS } from '@hoi-thi/platform';
import { RoundConfig, toRoundConfig } from './round-config';

const TTL_MS = 30_000;

/**
 * Published rounds (question-bank's read-only contract): the Redis copy `{r:<id>}:meta` first, then
 * `question_bank.published_rounds`. Cached in memory for 30 s (a snapshot only changes on an erratum).
 */
@Injectable()
export class RoundsReader {
  private readonly cache = new Map<string, { at: number; config: RoundConfig | null }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource('leaderboard') private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(roundId: string): Promise<RoundConfig | null> {
    const hit = this.cache.get(roundId);
    if (hit && this.clock.now() - hit.at < TTL_MS) return hit.config;
    const config = (await this.fromRedis(roundId)) ?? (await this.fromPostgres(roundId));
    // Unknown rounds are remembered briefly only, so a round published a moment later is seen soon.
    this.cache.set(roundId, { at: config ? this.clock.now() : this.clock.now() - TTL_MS + 2000, config });
    return config;
  }

  forget(roundId: string): void {
    this.cache.delete(roundId);
  }

  private async fromRedis(roundId: string): Promise<RoundConfig | null> {
    const raw = await this.redis.get(roundKeys(roundId).meta);
    if (!raw) return null;
    try {
      return toRoundConfig(JSON.parse(raw));
    } catch {
      return null;
    }
  }

  private async fromPostgres(roundId: string): Promise<RoundConfig | null> {
    try {
      const rows: { snapshot: unknown; contest_id: string }[] = await this.db.query(
        'SELECT snapshot, contest_id FROM question_bank.published_rounds WHERE round_id = $1',
        [roundId],
      );
      return rows.length ? toRoundConfig(rows[0].snapshot, rows[0].contest_id) : null;
    } catch (e) {
      if ((e as { code?: string }).code === '42P01') return null; // question-bank's table not there yet
      throw e;
    }
  }
}
