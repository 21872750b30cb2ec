import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AnswerKeyV1, ContestVisibilityChangedV1, KeyCorrectedV1, roundKeys, RoundPublishedV1, RoundSnapshotV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS } from '@hoi-thi/platform';

/** Writes meta and key only when the given key version is not older than the one already cached. */
const SET_IF_NEWER = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, meta = pcall(cjson.decode, cur)
  if ok and type(meta) == 'table' and tonumber(meta.keyVersion) and tonumber(meta.keyVersion) > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1`;

const STREAM_MAXLEN = '100000';

/**
 * The fast copy of published rounds for exam-session: `{r:<id>}:meta` (snapshot JSON) and `{r:<id>}:key`
 * (answer key JSON), one hash tag per round; and the facts question-bank emits on its streams.
 */
@Injectable()
export class RoundCache {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    if (!(this.redis as unknown as { qbSetIfNewer?: unknown }).qbSetIfNewer) this.redis.defineCommand('qbSetIfNewer', { numberOfKeys: 2, lua: SET_IF_NEWER });
  }

  /**
   * Loads a round (overwriting an older key version, never a newer one). `onlyIfMissing`: warm-up after a restart,
   * which also rewrites a copy made before snapshots carried `contestPublished` (so an unpublished contest's rounds
   * stop reading as published once the record has it).
   */
  async load(snapshot: RoundSnapshotV1, key: AnswerKeyV1, onlyIfMissing = false): Promise<void> {
    const k = roundKeys(snapshot.roundId);
    if (onlyIfMissing && (await this.redis.exists(k.meta, k.key)) === 2 && !(await this.lacksContestPublished(k.meta, snapshot))) return;
    await (this.redis as unknown as { qbSetIfNewer(a: string, b: string, v: string, m: string, key: string): Promise<number> }).qbSetIfNewer(
      k.meta,
      k.key,
      String(snapshot.keyVersion),
      JSON.stringify(snapshot),
      JSON.stringify(key),
    );
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
