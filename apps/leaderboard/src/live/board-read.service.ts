import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { ProblemException } from '@hoi-thi/platform';
import { AttemptsReader } from '../sources/attempts.reader';
import { RegistrationReader, UnitInfo } from '../sources/registration.reader';
import { RoundConfig } from '../sources/round-config';
import { RoundsReader } from '../sources/rounds.reader';
import { BoardEntryView, toViews } from './board-view';
import { LiveBoardRepository } from './live-board.repository';
import { epochMinute, liveKeys } from './live-keys';
import { LiveBoardService } from './live-board.service';

export const SNAPSHOT_SIZE = 100;

/**
 * A cached public page: its JSON, and the same bytes gzipped, made on the first request that accepts gzip
 * (once per page and snapshot, about a second): a top-100 page of 22 KB goes out as about 4.8 KB, a fifth of the
 * bytes for the server and the phone.
 */
export class CachedPage {
  private gz?: Buffer;
  constructor(readonly json: string) {}
  get gzip(): Buffer {
    return (this.gz ??= gzipSync(this.json, { level: 6 }));
  }
}

export const PUSHED_TOP = 20;

export interface LiveCounters {
  registered: number;
  attempts: number;
  validEntries: number;
  inProgress: number;
  /** Attempts submitted in the last complete minute. */
  submissionsPerMinute: number;
  /** Attempts submitted so far in the current minute. */
  submissionsThisMinute: number;
}

export interface BoardSnapshot {
  roundId: string;
  /** The board's version (`ver` counter) the snapshot was built at. */
  version: number;
  at: string;
  total: number;
  entries: BoardEntryView[];
  counters: LiveCounters;
}

export interface BoardPage {
  roundId: string;
  total: number;
  offset: number;
  limit: number;
  unitId: string | null;
  province: string | null;
  at: string;
  entries: BoardEntryView[];
}

/** Reads of the live board: pages (top pages from the per-round snapshot), my rank, statistics, snapshots. */
@Injectable()
export class BoardReadService {
  private readonly local = new Map<string, { at: number; snapshot: BoardSnapshot; pages: Map<string, CachedPage> }>();
  private readonly refreshing = new Map<string, Promise<BoardSnapshot>>();

  constructor(
    private readonly repo: LiveBoardRepository,
    private readonly board: LiveBoardService,
    private readonly rounds: RoundsReader,
    private readonly registration: RegistrationReader,
    private readonly attempts: AttemptsReader,
  ) {}

  async round(roundId: string): Promise<RoundConfig> {
    const round = await this.rounds.get(roundId);
    if (!round) throw new ProblemException('leaderboard.round-not-found');
    return round;
  }

  /** The top page from this process's snapshot when it is under a second old (the fast path), else undefined. */
  cachedTopPage(roundId: string, offset: number, limit: number): CachedPage | undefined {
    const cached = this.local.get(roundId);
    if (!cached || Date.now() - cached.at >= 1000) return undefined;
    return cached.pages.get(`${offset}:${limit}`);
  }

  /** A page of the board as JSON text: the top 100 of the whole round from the snapshot (≤ 1 s old), the rest live. */
  async pageJson(roundId: string, q: { limit: number; offset: number; unitId?: string; province?: string }, user?: AccessClaimsV1): Promise<string> {
    const round = await this.round(roundId);
    // A contest may keep its board for signed-in users only (`publicLeaderboard: false` in the round's snapshot).
    if (!round.publicBoard && !user) throw new ProblemException('auth.unauthorized');
    if (!q.unitId && !q.province && q.offset + q.limit <= SNAPSHOT_SIZE) {
      const cached = this.local.get(roundId);
      const key = `${q.offset}:${q.limit}`;
      const hit = cached && Date.now() - cached.at < 1000 ? cached.pages.get(key) : undefined;
      if (hit) return hit.json;
      const snapshot = await this.snapshot(roundId);
      const entry = this.local.get(roundId);
      const page: BoardPage = {
        roundId,
        total: snapshot.total,
        offset: q.offset,
        limit: q.limit,
        unitId: null,
        province: null,
        at: snapshot.at,
        entries: snapshot.entries.slice(q.offset, q.offset + q.limit),
      };
      const json = JSON.stringify(page);
      // Only public boards are cached for the fast path (it answers without looking at any token).
      if (round.publicBoard) entry?.pages.set(key, new CachedPage(json));
      return json;
    }
    return JSON.stringify(await this.livePage(roundId, q));
  }

  async livePage(roundId: string, q: { limit: number; offset: number; unitId?: string; province?: string }): Promise<BoardPage> {
    await this.round(roundId);
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    const key = q.unitId ? k.unit(q.unitId) : q.province ? k.province(q.province) : k.global;
    const [zs, total] = await Promise.all([this.repo.range(key, q.offset, q.offset + q.limit - 1), this.repo.card(key)]);
    const [details, above] = await Promise.all([
      this.repo.details(roundId, zs.map((z) => z.contestantId)),
      zs.length ? this.repo.countAbove(key, zs[0].score) : Promise.resolve(0),
    ]);
    const units = await this.registration.unitMap(unitIds(details));
    return {
      roundId,
      total,
      offset: q.offset,
      limit: q.limit,
      unitId: q.unitId ?? null,
      province: q.province ?? null,
      at: new Date().toISOString(),
      entries: toViews(zs, details, q.offset, above, unitNamer(units)),
    };
  }

  /** The contestant's own place (exact, ZREVRANK), in the round, their unit and province, and the entries around it. */
  async me(roundId: string, user: AccessClaimsV1, around = 5) {
    await this.round(roundId);
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    // Three round trips: where I am; the entries around me and my unit/province places; their details and ranks.
    const [[mine], place, total] = await Promise.all([this.repo.details(roundId, [user.sub]), this.repo.position(k.global, user.sub), this.repo.card(k.global)]);
    if (!mine || !place) return { roundId, total, entry: null, around: [], unit: null, province: null };
    const start = Math.max(0, place.position - around);
    const unitKey = mine.u ? k.unit(mine.u) : null;
    const provinceKey = mine.v ? k.province(mine.v) : null;
    const groupPlace = (key: string | null) => (key ? Promise.all([this.repo.position(key, user.sub), this.repo.card(key)]) : Promise.resolve(null));
    const [zs, unitPlace, provincePlace] = await Promise.all([this.repo.range(k.global, start, place.position + around), groupPlace(unitKey), groupPlace(provinceKey)]);
    const groupRank = async (key: string | null, found: Awaited<ReturnType<typeof groupPlace>>) =>
      key && found?.[0] ? { rank: (await this.repo.countAbove(key, found[0].score)) + 1, position: found[0].position + 1, total: found[1] } : null;
    const [details, above, unitRank, provinceRank] = await Promise.all([
      this.repo.details(roundId, zs.map((z) => z.contestantId)),
      zs.length ? this.repo.countAbove(k.global, zs[0].score) : Promise.resolve(0),
      groupRank(unitKey, unitPlace),
      groupRank(provinceKey, provincePlace),
    ]);
    const units = await this.registration.unitMap(unitIds(details));
    const views = toViews(zs, details, start, above, unitNamer(units));
    const entry = views.find((v) => v.position === place.position + 1) ?? null;
    return {
      roundId,
      total,
      entry,
      around: views,
      unit: mine.u ? { unitId: mine.u, ...unitRank } : null,
      province: mine.v ? { province: mine.v, ...provinceRank } : null,
    };
  }

  async counters(roundId: string): Promise<LiveCounters> {
    const minute = epochMinute(Date.now());
    const [c, perMinute, registered, inProgress] = await Promise.all([
      this.repo.counters(roundId),
      this.repo.perMinute(roundId, [minute - 1, minute]),
      this.registration.registeredCount(),
      this.attempts.inProgress(roundId),
    ]);
    return {
      registered,
      attempts: c.attempts ?? 0,
      validEntries: c.entries ?? 0,
      inProgress,
      submissionsPerMinute: perMinute[0] ?? 0,
      submissionsThisMinute: perMinute[1] ?? 0,
    };
  }

  /** Builds the snapshot of the round's top 100 and counters, now. */
  async buildSnapshot(roundId: string): Promise<BoardSnapshot> {
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    const version = await this.repo.version(roundId);
    const [zs, total, counters] = await Promise.all([
      this.repo.range(k.global, 0, SNAPSHOT_SIZE - 1),
      this.repo.card(k.global),
      this.counters(roundId),
    ]);
    const details = await this.repo.details(roundId, zs.map((z) => z.contestantId));
    const units = await this.registration.unitMap(unitIds(details));
    const above = zs.length ? await this.repo.countAbove(k.global, zs[0].score) : 0;
    return { roundId, version, at: new Date().toISOString(), total, entries: toViews(zs, details, 0, above, unitNamer(units)), counters };
  }

  /**
   * The round's current snapshot for HTTP reads: this process's copy when under a second old, else the
   * published one from Redis when it is of the board's current version, else built here (kept locally only:
   * publishing is the publisher's job).
   */
  snapshot(roundId: string): Promise<BoardSnapshot> {
    const cached = this.local.get(roundId);
    if (cached && Date.now() - cached.at < 1000) return Promise.resolve(cached.snapshot);
    // One refresh per round at a time, however many requests arrive meanwhile.
    let pending = this.refreshing.get(roundId);
    if (!pending) {
      pending = this.refreshSnapshot(roundId).finally(() => this.refreshing.delete(roundId));
      this.refreshing.set(roundId, pending);
    }
    return pending;
  }

  private async refreshSnapshot(roundId: string): Promise<BoardSnapshot> {
    await this.round(roundId);
    const [raw, version] = await Promise.all([this.repo.getSnapshot(roundId), this.repo.version(roundId)]);
    let snapshot = raw ? (JSON.parse(raw) as BoardSnapshot) : null;
    if (!snapshot || snapshot.version !== version) snapshot = await this.buildSnapshot(roundId);
    this.remember(snapshot);
    return snapshot;
  }

  remember(snapshot: BoardSnapshot): void {
    this.local.set(snapshot.roundId, { at: Date.now(), snapshot, pages: new Map() });
  }

  /** Judges' and organizers' statistics: counters, histogram, submissions over time, units and provinces. */
  async stats(roundId: string, opts: { recentMinutes?: number } = {}) {
    await this.round(roundId);
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    const now = epochMinute(Date.now());
    const recent = opts.recentMinutes ? Array.from({ length: opts.recentMinutes }, (_, i) => now - opts.recentMinutes! + 1 + i) : null;
    const [counters, histogram, perMinute, unitCounts, provinceCounts] = await Promise.all([
      this.counters(roundId),
      this.repo.histogram(roundId),
      recent
        ? this.repo.perMinute(roundId, recent).then((v) => Object.fromEntries(recent.map((m, i) => [String(m), v[i]]).filter(([, n]) => n)))
        : this.repo.allPerMinute(roundId),
      this.repo.groupCounts(k.units),
      this.repo.groupCounts(k.provinces),
    ]);
    const units = await this.registration.unitMap(unitCounts.map((u) => u.id));
    const unitRows = unitCounts.map(({ id, entries }) => {
      const info = units.get(id);
      const members = info?.memberCount ?? null;
      return { unitId: id, name: info?.name ?? null, entries, members, share: members ? round4(entries / members) : null };
    });
    return {
      roundId,
      at: new Date().toISOString(),
      counters,
      histogram: Object.entries(histogram)
        .map(([points, entries]) => ({ points: Number(points), entries }))
        .sort((a, b) => a.points - b.points),
      perMinute: Object.entries(perMinute)
        .map(([minute, attempts]) => ({ minute: new Date(Number(minute) * 60000).toISOString(), attempts }))
        .sort((a, b) => a.minute.localeCompare(b.minute)),
      units: {
        byEntries: unitRows.slice(0, 100),
        byShare: unitRows
          .filter((u) => u.share !== null)
          .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || b.entries - a.entries || a.unitId.localeCompare(b.unitId))
          .slice(0, 100),
      },
      provinces: provinceCounts.map(({ id, entries }) => ({ province: id, entries })),
    };
  }
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

const unitIds = (details: ({ u: string | null } | null)[]) => details.map((d) => d?.u).filter((u): u is string => !!u);

function unitNamer(units: Map<string, UnitInfo>) {
  return (id: string) => units.get(id)?.name ?? null;
}
