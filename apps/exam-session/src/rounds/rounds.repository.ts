import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AnswerKeyV1, roundKeys, RoundSnapshotV1 } from '@hoi-thi/contracts';
import { Clock, isMissingRelation, REDIS } from '@hoi-thi/platform';
import { EXAM_PG } from '../shared/exam-pg';
import { PublishedRound, toPublishedRound } from './published-round';

const TTL_MS = 5000;

/**
 * Reads published rounds (question-bank's facts): the Redis copy `{r:<id>}:meta` / `:key` first, else the record
 * `question_bank.published_rounds` (then the Redis copy is put back, SET NX, so a flushed Redis heals).
 * Cached in the process for a few seconds (a round is frozen; an erratum invalidates it, see regrading).
 */
@Injectable()
export class RoundsRepository {
  private readonly cache = new Map<string, { round: Promise<PublishedRound | null>; at: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EXAM_PG) private readonly pg: Pool,
    private readonly clock: Clock,
  ) {}

  find(roundId: string): Promise<PublishedRound | null> {
    const hit = this.cache.get(roundId);
    const now = this.clock.now();
    if (hit && now - hit.at < TTL_MS) return hit.round;
    const round = this.load(roundId).catch((e) => {
      this.cache.delete(roundId);
      throw e;
    });
    this.cache.set(roundId, { round, at: now });
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value as string);
    return round;
  }

  invalidate(roundId: string): void {
    this.cache.delete(roundId);
  }

  /** The record in PostgreSQL only (regrading reads the corrected key from there). */
  async fromRecord(roundId: string): Promise<{ snapshot: RoundSnapshotV1; key: AnswerKeyV1 } | null> {
    try {
      const r = await this.pg.query<{ snapshot: RoundSnapshotV1; answer_key: AnswerKeyV1 }>(
        'SELECT snapshot, answer_key FROM question_bank.published_rounds WHERE round_id = $1',
        [roundId],
      );
      return r.rows[0] ? { snapshot: r.rows[0].snapshot, key: r.rows[0].answer_key } : null;
    } catch (e) {
      if (isMissingRelation(e)) return null; // question-bank's table not there yet
      throw e;
    }
  }

  private async load(roundId: string): Promise<PublishedRound | null> {
    if (!/^[0-9a-f-]{36}$/i.test(roundId)) return null;
    const keys = roundKeys(roundId);
    const cached = await this.redis.mget(keys.meta, keys.key).catch(() => [null, null]); // Redis down: read the record
    const [meta, key] = cached;
    if (meta && key) return toPublishedRound(JSON.parse(meta) as RoundSnapshotV1, JSON.parse(key) as AnswerKeyV1);
    const rec = await this.fromRecord(roundId);
    if (!rec) return null;
    await this.redis
      .multi()
      .set(keys.meta, JSON.stringify(rec.snapshot), 'NX')
      .set(keys.key, JSON.stringify(rec.key), 'NX')
      .exec()
      .catch(() => undefined);
    return toPublishedRound(rec.snapshot, rec.key);
  }
}
