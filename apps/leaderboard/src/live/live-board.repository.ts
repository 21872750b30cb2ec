import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { join } from 'node:path';
import { Clock, defineScript, REDIS } from '@hoi-thi/platform';
import { BestDetails, LiveAttempt } from './live-attempt';
import { epochMinute, liveKeys, seenToken } from './live-keys';

/** Applies submitted attempts of one round to its board, many per call (see the file). */
const APPLY = defineScript({
  name: 'lbApply',
  file: join(__dirname, 'live-board.apply.lua'),
  keys: ['global', 'best', 'seen', 'counters', 'histogram', 'perMinute', 'units', 'provinces', 'disqualified', 'built'],
  args: ['rebuilding'],
  moreKeys: 'itemKeys',
  moreArgs: 'items',
});
/** Removes a disqualified contestant from the board and keeps them out. */
const DISQUALIFY = defineScript({
  name: 'lbDisqualify',
  file: join(__dirname, 'live-board.disqualify.lua'),
  keys: ['global', 'unit', 'province', 'best', 'counters', 'histogram', 'units', 'provinces', 'disqualified'],
  args: ['contestantId', 'unitId', 'province', 'points'],
});
/** A contestant's place, the entries around and their unit's and province's places, of one moment (read-only). */
export const MY_PLACE = defineScript({
  name: 'lbMyPlace',
  file: join(__dirname, 'live-board.my-place.lua'),
  keys: ['global', 'best'],
  args: ['contestantId', 'around'],
});
/** Releases a lock for its owner only. */
const UNLOCK = defineScript({ name: 'lbUnlock', file: join(__dirname, 'live-board.unlock.lua'), keys: ['lock'], args: ['owner'] });

/** What live-board.my-place.lua answers (see there). */
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
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

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
        const itemKeys: string[] = [];
        const itemArgs: string[] = [];
        for (const i of chunk) {
          const { attempt, score, details } = items[i];
          const unit = attempt.unitId ?? '';
          const province = attempt.province ?? '';
          itemKeys.push(unit ? k.unit(unit) : k.global, province ? k.province(province) : k.global);
          itemArgs.push(
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
        const results = await APPLY<number[]>(this.redis, {
          keys: {
            global: k.global,
            best: k.best,
            seen: k.seen,
            counters: k.counters,
            histogram: k.histogram,
            perMinute: k.perMinute,
            units: k.units,
            provinces: k.provinces,
            disqualified: k.disqualified,
            built: k.built,
          },
          args: { rebuilding: rebuilding ? '1' : '0' },
          moreKeys: itemKeys,
          moreArgs: itemArgs,
        });
        results.forEach((r, j) => (out[chunk[j]] = Number(r)));
      }
    }
    return out;
  }

  async disqualify(roundId: string, contestantId: string): Promise<void> {
    const k = liveKeys(roundId);
    const raw = await this.redis.hget(k.best, contestantId);
    const d = raw ? (JSON.parse(raw) as BestDetails) : null;
    await DISQUALIFY(this.redis, {
      keys: {
        global: k.global,
        unit: d?.u ? k.unit(d.u) : k.global,
        province: d?.v ? k.province(d.v) : k.global,
        best: k.best,
        counters: k.counters,
        histogram: k.histogram,
        units: k.units,
        provinces: k.provinces,
        disqualified: k.disqualified,
      },
      args: { contestantId, unitId: d?.u ?? '', province: d?.v ?? '', points: d ? String(d.p) : '' },
    });
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
    await UNLOCK(this.redis, { keys: { lock: key }, args: { owner } });
  }

  /**
   * Deletes every board key of the round: the fixed ones and the unit/province sets named in `units`/`provs`
   * (a unit set is never left without its count there: Redis drops an emptied set itself).
   */
  async clearRound(roundId: string): Promise<void> {
    const k = liveKeys(roundId);
    const [units, provinces] = await Promise.all([this.redis.zrange(k.units, 0, -1), this.redis.zrange(k.provinces, 0, -1)]);
    const keys = [
      k.global,
      k.best,
      k.seen,
      k.counters,
      k.histogram,
      k.perMinute,
      k.units,
      k.provinces,
      k.snapshot,
      k.built,
      k.disqualified,
      ...units.map(k.unit),
      ...provinces.map(k.province),
    ];
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
    const reply = await MY_PLACE<MyPlaceReply>(this.redis, { keys: { global: k.global, best: k.best }, args: { contestantId, around } });
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
    return Object.fromEntries(
      Object.entries(raw)
        .filter(([, v]) => Number(v) > 0)
        .map(([k, v]) => [k, Number(v)]),
    );
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
