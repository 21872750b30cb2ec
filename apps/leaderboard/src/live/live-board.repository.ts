import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { Clock, REDIS } from '@hoi-thi/platform';
import { BestDetails, LiveAttempt } from './live-attempt';
import { APPLY_SUBMISSIONS_LUA, DISQUALIFY_LUA, MY_PLACE_LUA } from './live-board.lua';
import { epochMinute, liveKeys, seenToken } from './live-keys';

type LbRedis = Redis & {
  lbApply(...args: (string | number)[]): Promise<number[]>;
  lbDisqualify(...args: (string | number)[]): Promise<number>;
  lbMyPlace(global: string, best: string, contestantId: string, around: number): Promise<MyPlaceReply>;
};

/** What MY_PLACE_LUA answers (see there). */
type GroupReply = [above: number, position: number, total: number] | null;
type MyPlaceReply =
  | [total: number]
  | [total: number, position: number, mine: string, around: string[], details: (string | null)[], above: number, unit: GroupReply, province: GroupReply];

/** A contestant's place in a unit's or province's board: competition rank, 1-based position, entries there. */
export interface GroupPlace {
  rank: number;
  position: number;
  total: number;
}

/** A contestant's place on the live board and the entries around it, all read at one moment. */
export interface MyPlace {
  total: number;
  /** 0-based position (ZREVRANK) in the round. */
  position: number;
  mine: BestDetails;
  /** The entries around, from 0-based `start`; `above` entries score strictly higher than the first. */
  start: number;
  around: ZEntry[];
  details: (BestDetails | null)[];
  above: number;
  unit: GroupPlace | null;
  province: GroupPlace | null;
}

export interface ApplyItem {
  attempt: LiveAttempt;
  score: number;
  details: BestDetails;
}

export interface ZEntry {
  contestantId: string;
  score: number;
}

/** Attempts per script call: a rebuild's page of 5,000 goes in 10 calls; Redis serves others between them. */
const APPLY_BATCH = 500;

/** Every Redis read and write of the live board (see live-keys.ts for the layout). */
@Injectable()
export class LiveBoardRepository {
  private readonly redis: LbRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly clock: Clock,
  ) {
    this.redis = redis as LbRedis;
    if (!('lbApply' in redis)) {
      redis.defineCommand('lbApply', { lua: APPLY_SUBMISSIONS_LUA }); // first argument: the number of keys
      redis.defineCommand('lbDisqualify', { numberOfKeys: 9, lua: DISQUALIFY_LUA });
      redis.defineCommand('lbMyPlace', { numberOfKeys: 2, lua: MY_PLACE_LUA });
    }
  }

  /**
   * Applies attempts, one result per item (see the script): the items of each round in their order (rounds are
   * independent boards), in script calls of up to APPLY_BATCH items, one after another. Not concurrently: the
   * script's keys are variable, and on a Redis Cluster ioredis would auto-pipeline two rounds' calls together
   * although their slots live on different nodes.
   */
  async apply(items: ApplyItem[], rebuilding = false): Promise<number[]> {
    const out = new Array<number>(items.length);
    const byRound = new Map<string, number[]>();
    items.forEach((item, i) => {
      const list = byRound.get(item.attempt.roundId);
      if (list) list.push(i);
      else byRound.set(item.attempt.roundId, [i]);
    });
    for (const [roundId, indexes] of byRound) {
      const k = liveKeys(roundId);
      for (let from = 0; from < indexes.length; from += APPLY_BATCH) {
        const chunk = indexes.slice(from, from + APPLY_BATCH);
        const keys: string[] = [k.global, k.best, k.seen, k.counters, k.histogram, k.perMinute, k.units, k.provinces, k.disqualified, k.built];
        const args: string[] = [rebuilding ? '1' : '0'];
        for (const i of chunk) {
          const { attempt, score, details } = items[i];
          const unit = attempt.unitId ?? '';
          const province = attempt.province ?? '';
          keys.push(unit ? k.unit(unit) : k.global, province ? k.province(province) : k.global);
          args.push(
            seenToken(attempt.attemptId),
            attempt.contestantId,
            String(score),
            attempt.attemptId,
            JSON.stringify(details),
            String(attempt.points),
            String(epochMinute(attempt.submittedAt.getTime())),
            unit,
            province,
          );
        }
        const results = await this.redis.lbApply(keys.length, ...keys, ...args);
        results.forEach((r, j) => (out[chunk[j]] = Number(r)));
      }
    }
    return out;
  }

  async disqualify(roundId: string, contestantId: string): Promise<void> {
    const k = liveKeys(roundId);
    const raw = await this.redis.hget(k.best, contestantId);
    const d = raw ? (JSON.parse(raw) as BestDetails) : null;
    await this.redis.lbDisqualify(
      k.global,
      d?.u ? k.unit(d.u) : k.global,
      d?.v ? k.province(d.v) : k.global,
      k.best,
      k.counters,
      k.histogram,
      k.units,
      k.provinces,
      k.disqualified,
      contestantId,
      d?.u ?? '',
      d?.v ?? '',
      d ? String(d.p) : '',
    );
  }

  async markDisqualified(roundId: string, contestantIds: string[]): Promise<void> {
    if (contestantIds.length) await this.redis.sadd(liveKeys(roundId).disqualified, ...contestantIds);
  }

  async isBuilt(roundId: string): Promise<boolean> {
    return (await this.redis.exists(liveKeys(roundId).built)) === 1;
  }

  async markBuilt(roundId: string): Promise<void> {
    await this.redis.set(liveKeys(roundId).built, this.clock.date().toISOString());
  }

  async tryLock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(key: string, owner: string): Promise<void> {
    // Only the owner releases (a lock that expired and was taken by another stays theirs).
    await this.redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, key, owner);
  }

  /**
   * Deletes every board key of the round: the fixed ones and the unit/province sets named in `units`/`provs`
   * (a unit set is never left without its count there: Redis drops an emptied set itself).
   */
  async clearRound(roundId: string): Promise<void> {
    const k = liveKeys(roundId);
    const [units, provinces] = await Promise.all([this.redis.zrange(k.units, 0, -1), this.redis.zrange(k.provinces, 0, -1)]);
    const keys = [k.global, k.best, k.seen, k.counters, k.histogram, k.perMinute, k.units, k.provinces, k.snapshot, k.built, k.disqualified, ...units.map(k.unit), ...provinces.map(k.province)];
    for (let i = 0; i < keys.length; i += 500) await this.redis.unlink(...keys.slice(i, i + 500));
  }

  async range(key: string, start: number, stop: number): Promise<ZEntry[]> {
    const flat = await this.redis.zrevrange(key, start, stop, 'WITHSCORES');
    const out: ZEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ contestantId: flat[i], score: Number(flat[i + 1]) });
    return out;
  }

  async details(roundId: string, contestantIds: string[]): Promise<(BestDetails | null)[]> {
    if (!contestantIds.length) return [];
    const raw = await this.redis.hmget(liveKeys(roundId).best, ...contestantIds);
    return raw.map((r) => (r ? (JSON.parse(r) as BestDetails) : null));
  }

  async allDetails(roundId: string): Promise<Map<string, BestDetails>> {
    const out = new Map<string, BestDetails>();
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(liveKeys(roundId).best, cursor, 'COUNT', 1000);
      for (let i = 0; i < flat.length; i += 2) out.set(flat[i], JSON.parse(flat[i + 1]) as BestDetails);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  /**
   * The contestant's place in the round, their unit and province, and `around` entries each side: one script call
   * (one round trip), `{ total }` alone when they have no entry.
   */
  async myPlace(roundId: string, contestantId: string, around: number): Promise<{ total: number; place: MyPlace | null }> {
    const k = liveKeys(roundId);
    const reply = await this.redis.lbMyPlace(k.global, k.best, contestantId, around);
    const total = Number(reply[0]);
    if (reply.length === 1) return { total, place: null };
    const [, position, mine, flat, details, above, unit, province] = reply;
    const zs: ZEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) zs.push({ contestantId: flat[i], score: Number(flat[i + 1]) });
    const group = (g: GroupReply): GroupPlace | null => (g ? { rank: Number(g[0]) + 1, position: Number(g[1]) + 1, total: Number(g[2]) } : null);
    return {
      total,
      place: {
        total,
        position: Number(position),
        mine: JSON.parse(mine) as BestDetails,
        start: Math.max(0, Number(position) - around),
        around: zs,
        details: details.map((d) => (d ? (JSON.parse(d) as BestDetails) : null)),
        above: Number(above),
        unit: group(unit),
        province: group(province),
      },
    };
  }

  /** Members with a strictly higher score (competition rank − 1). */
  countAbove(key: string, score: number): Promise<number> {
    return this.redis.zcount(key, `(${score}`, '+inf');
  }

  card(key: string): Promise<number> {
    return this.redis.zcard(key);
  }

  async counters(roundId: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(liveKeys(roundId).counters);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  async version(roundId: string): Promise<number> {
    return Number((await this.redis.hget(liveKeys(roundId).counters, 'ver')) ?? 0);
  }

  async histogram(roundId: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(liveKeys(roundId).histogram);
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => Number(v) > 0).map(([k, v]) => [k, Number(v)]));
  }

  async perMinute(roundId: string, minutes: number[]): Promise<number[]> {
    if (!minutes.length) return [];
    const raw = await this.redis.hmget(liveKeys(roundId).perMinute, ...minutes.map(String));
    return raw.map((v) => Number(v ?? 0));
  }

  async allPerMinute(roundId: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(liveKeys(roundId).perMinute);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  /** unitId / province → valid entries, most first. */
  async groupCounts(key: string, limit = -1): Promise<{ id: string; entries: number }[]> {
    const flat = await this.redis.zrevrange(key, 0, limit < 0 ? -1 : limit - 1, 'WITHSCORES');
    const out: { id: string; entries: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i], entries: Number(flat[i + 1]) });
    return out;
  }

  getSnapshot(roundId: string): Promise<string | null> {
    return this.redis.get(liveKeys(roundId).snapshot);
  }

  async setSnapshot(roundId: string, json: string): Promise<void> {
    await this.redis.set(liveKeys(roundId).snapshot, json, 'EX', 3600);
  }

  async isDisqualified(roundId: string, contestantId: string): Promise<boolean> {
    return (await this.redis.sismember(liveKeys(roundId).disqualified, contestantId)) === 1;
  }
}
