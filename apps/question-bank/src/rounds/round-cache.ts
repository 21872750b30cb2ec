import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AnswerKeyV1, ContestVisibilityChangedV1, KeyCorrectedV1, roundKeys, RoundPublishedV1, RoundSnapshotV1, STREAMS } from '@hoi-thi/contracts';
import { join } from 'node:path';
import { defineScript, REDIS } from '@hoi-thi/platform';

/** Writes meta and key only when the given key version is not older than the one already cached. */
const SET_IF_NEWER = defineScript({
  name: 'qbSetIfNewer',
  file: join(__dirname, 'round-cache.set-if-newer.lua'),
  keys: ['meta', 'key'],
  args: ['keyVersion', 'metaJson', 'keyJson'],
});

const STREAM_MAXLEN = '100000';

/**
 * The fast copy of published rounds for exam-session: `{r:<id>}:meta` (snapshot JSON) and `{r:<id>}:key`
 * (answer key JSON), one hash tag per round; and the facts question-bank emits on its streams.
 */
@Injectable()
export class RoundCache {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * Loads a round (overwriting an older key version, never a newer one). `onlyIfMissing`: warm-up after a restart,
   * which also rewrites a copy made before snapshots carried `contestPublished` (so an unpublished contest's rounds
   * stop reading as published once the record has it).
   */
  async load(snapshot: RoundSnapshotV1, key: AnswerKeyV1, onlyIfMissing = false): Promise<void> {
    const k = roundKeys(snapshot.roundId);
    if (onlyIfMissing && (await this.redis.exists(k.meta, k.key)) === 2 && !(await this.lacksContestPublished(k.meta, snapshot))) return;
    await SET_IF_NEWER(this.redis, {
      keys: { meta: k.meta, key: k.key },
      args: { keyVersion: String(snapshot.keyVersion), metaJson: JSON.stringify(snapshot), keyJson: JSON.stringify(key) },
    });
  }

  private async lacksContestPublished(metaKey: string, record: RoundSnapshotV1): Promise<boolean> {
    if (record.contestPublished === undefined) return false;
    try {
      return (JSON.parse((await this.redis.get(metaKey)) ?? '{}') as Partial<RoundSnapshotV1>).contestPublished === undefined;
    } catch {
      return true;
    }
  }

  async emitContestVisibility(e: ContestVisibilityChangedV1): Promise<void> {
    await this.redis.xadd(STREAMS.contestVisibilityChanged, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'data', JSON.stringify(e));
  }

  async emitPublished(e: RoundPublishedV1): Promise<void> {
    await this.redis.xadd(STREAMS.roundPublished, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'data', JSON.stringify(e));
  }

  async emitKeyCorrected(e: KeyCorrectedV1): Promise<void> {
    await this.redis.xadd(STREAMS.keyCorrected, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'data', JSON.stringify(e));
  }
}
