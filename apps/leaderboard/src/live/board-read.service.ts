import { gzip, gzipSync } from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import type { AccessClaimsV1, BoardPageV1, BoardStatsV1, LiveCountersV1, MyRankV1 } from '@hoi-thi/contracts';
import { Clock } from '@hoi-thi/platform';
import { isStaff } from '../common/staff';
import { AttemptsReader } from '../sources/attempts.reader';
import { RegistrationReader, UnitInfo } from '../sources/registration.reader';
import { RoundConfig } from '../sources/round-config';
import { RoundsReader } from '../sources/rounds.reader';
import { BoardEntryView, toViews } from './board-view';
import { LiveBoardRepository } from './live-board.repository';
import { epochMinute, liveKeys } from './live-keys';
import { LiveBoardService } from './live-board.service';
import { leaderboardError } from '../common/leaderboard.errors';

export const SNAPSHOT_SIZE = 100;

/**
 * JSON text of a contract value: what the board's routes send, made once and served as bytes. The phantom member
 * keeps the contract in the type, so a controller still says which contract its text is (`Promise<JsonOf<BoardPageV1>>`).
 */
export type JsonOf<T> = string & { readonly __contract?: T };
export const jsonOf = <T>(value: T): JsonOf<T> => JSON.stringify(value) as JsonOf<T>;

/** How long this process serves its copy of a round's snapshot; a read in the last quarter fetches the next one. */
export const SNAPSHOT_FRESH_MS = 1000;
export const SNAPSHOT_REFRESH_AHEAD_MS = 750;

/** The key of a top page (offset 0..99, limit 1..100) in a snapshot's page map. */
export const pageKey = (offset: number, limit: number) => offset * 128 + limit;

/**
 * A cached public page, made once per page and snapshot (about a second): its JSON, the same bytes as a Buffer
 * (sent without re-encoding 22 KB of UTF-8 per request), and gzipped — a top-100 page of 22 KB goes out as about
 * 4.8 KB, a fifth of the bytes for the server and the phone. The gzip is made off the event loop when the page is
 * pre-rendered for a new snapshot (prepareGzip), else on the first request that accepts gzip.
 */
export class CachedPage {
  readonly body: Buffer;
  private gz?: Buffer;
  constructor(readonly json: JsonOf<BoardPageV1>) {
    this.body = Buffer.from(json, 'utf8');
  }
  get gzip(): Buffer {
    return (this.gz ??= gzipSync(this.body, { level: 6 }));
  }
  get gzipped(): boolean {
    return this.gz !== undefined;
  }
  prepareGzip(): void {
    if (this.gz) return;
    gzip(this.body, { level: 6 }, (err, out) => {
      if (!err) this.gz ??= out;
    });
  }
}

interface LocalSnapshot {
  at: number;
  snapshot: BoardSnapshot;
  /** pageKey → page; only for public boards (the fast path answers without looking at any token). */
  pages: Map<number, CachedPage>;
}

export const PUSHED_TOP = 20;

/** The live counters of a round (the contract's LiveCountersV1). */
export type LiveCounters = LiveCountersV1;

export interface BoardSnapshot {
  roundId: string;
  /** The board's version (`ver` counter) the snapshot was built at. */
  version: number;
  at: string;
  total: number;
  entries: BoardEntryView[];
  counters: LiveCounters;
}

/** A page of a live board (the contract's BoardPageV1). */
export type BoardPage = BoardPageV1;

/** Reads of the live board: pages (top pages from the per-round snapshot), my rank, statistics, snapshots. */
@Injectable()
export class BoardReadService {
  private readonly logger = new Logger(BoardReadService.name);
  private readonly local = new Map<string, LocalSnapshot>();
  private readonly refreshing = new Map<string, Promise<BoardSnapshot>>();

  constructor(
    private readonly repo: LiveBoardRepository,
    private readonly board: LiveBoardService,
    private readonly rounds: RoundsReader,
    private readonly registration: RegistrationReader,
    private readonly attempts: AttemptsReader,
    private readonly clock: Clock,
  ) {}

  async round(roundId: string): Promise<RoundConfig> {
    const round = await this.rounds.get(roundId);
    if (!round) throw leaderboardError('leaderboard.round-not-found');
    return round;
  }

  /**
   * The round as a board reader may see it: a round of an unpublished contest is 404 (as an unknown round, so its id
   * is not confirmed) to anyone but staff.
   */
  async visibleRound(roundId: string, user: AccessClaimsV1 | null | undefined): Promise<RoundConfig> {
    const round = await this.round(roundId);
    if (!round.contestPublished && !isStaff(user)) throw leaderboardError('leaderboard.round-not-found');
    return round;
  }

  /** Drops this process's copy of a round's snapshot and its cached pages (the fast path serves none until rebuilt). */
  forget(roundId: string): void {
    this.local.delete(roundId);
  }

  /**
   * The top page (pageKey) from this process's snapshot when it is under a second old (the fast path), else
   * undefined. A read in the snapshot's last quarter second starts fetching the next one in the background, so
   * under steady reads the copy is renewed before it expires and no read waits for it.
   */
  cachedTopPage(roundId: string, key: number): CachedPage | undefined {
    const cached = this.local.get(roundId);
    if (!cached) return undefined;
    const age = this.clock.now() - cached.at;
    if (age >= SNAPSHOT_FRESH_MS) return undefined;
    if (age >= SNAPSHOT_REFRESH_AHEAD_MS && !this.refreshing.has(roundId)) {
      this.refresh(roundId).catch((e) => this.logger.warn(`snapshot of ${roundId} not refreshed: ${(e as Error).message}`));
    }
    return cached.pages.get(key);
  }

  /** A page of the board as JSON text: the top 100 of the whole round from the snapshot (≤ 1 s old), the rest live. */
  async pageJson(
    roundId: string,
    q: { limit: number; offset: number; unitId?: string; province?: string },
    user?: AccessClaimsV1,
  ): Promise<JsonOf<BoardPageV1>> {
    const round = await this.visibleRound(roundId, user);
    // A contest may keep its board for signed-in users only (`publicLeaderboard: false` in the round's snapshot).
    if (!round.publicBoard && !user) throw leaderboardError('auth.unauthorized');
    if (!q.unitId && !q.province && q.offset + q.limit <= SNAPSHOT_SIZE) {
      const key = pageKey(q.offset, q.limit);
      const cached = this.local.get(roundId);
      const hit = cached && this.clock.now() - cached.at < SNAPSHOT_FRESH_MS ? cached.pages.get(key) : undefined;
      if (hit) return hit.json;
      const snapshot = await this.snapshot(roundId);
      const json = topPageJson(snapshot, q.offset, q.limit);
      // Only public boards are cached for the fast path (it answers without looking at any token).
      const entry = this.local.get(roundId);
      if (round.publicBoard && entry?.snapshot === snapshot) entry.pages.set(key, new CachedPage(json));
      return json;
    }
    return jsonOf(await this.livePage(roundId, q));
  }

  async livePage(roundId: string, q: { limit: number; offset: number; unitId?: string; province?: string }): Promise<BoardPage> {
    await this.round(roundId);
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    const key = q.unitId ? k.unit(q.unitId) : q.province ? k.province(q.province) : k.global;
    const [zs, total] = await Promise.all([this.repo.range(key, q.offset, q.offset + q.limit - 1), this.repo.card(key)]);
    const [details, above] = await Promise.all([
      this.repo.details(
        roundId,
        zs.map((z) => z.contestantId),
      ),
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
      at: this.clock.date().toISOString(),
      entries: toViews(zs, details, q.offset, above, unitNamer(units)),
    };
  }

  /**
   * The contestant's own place (exact: ZREVRANK and ZCOUNT), in the round, their unit and province, and the entries
   * around it: one Redis round trip (live-board.my-place.lua), all of one moment. Unit names come from the in-memory unit cache.
   */
  async me(roundId: string, user: AccessClaimsV1, around = 5): Promise<MyRankV1> {
    await this.visibleRound(roundId, user);
    this.board.ensureBuiltInBackground(roundId);
    const { total, place } = await this.repo.myPlace(roundId, user.sub, around);
    if (!place) return { roundId, total, entry: null, around: [], unit: null, province: null };
    const units = await this.registration.unitMap(unitIds(place.details));
    const views = toViews(place.around, place.details, place.start, place.above, unitNamer(units));
    const entry = views.find((v) => v.position === place.position + 1) ?? null;
    const { mine } = place;
    return {
      roundId,
      total,
      entry,
      around: views,
      unit: mine.u && place.unit ? { unitId: mine.u, ...place.unit } : null,
      province: mine.v && place.province ? { province: mine.v, ...place.province } : null,
    };
  }

  async counters(roundId: string): Promise<LiveCounters> {
    const minute = epochMinute(this.clock.now());
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
    const [zs, total, counters] = await Promise.all([this.repo.range(k.global, 0, SNAPSHOT_SIZE - 1), this.repo.card(k.global), this.counters(roundId)]);
    const details = await this.repo.details(
      roundId,
      zs.map((z) => z.contestantId),
    );
    const units = await this.registration.unitMap(unitIds(details));
    const above = zs.length ? await this.repo.countAbove(k.global, zs[0].score) : 0;
    return { roundId, version, at: this.clock.date().toISOString(), total, entries: toViews(zs, details, 0, above, unitNamer(units)), counters };
  }

  /**
   * The round's current snapshot for HTTP reads: this process's copy when under a second old, else the
   * published one from Redis when it is of the board's current version, else built here (kept locally only:
   * publishing is the publisher's job).
   */
  snapshot(roundId: string): Promise<BoardSnapshot> {
    const cached = this.local.get(roundId);
    if (cached && this.clock.now() - cached.at < SNAPSHOT_FRESH_MS) return Promise.resolve(cached.snapshot);
    return this.refresh(roundId);
  }

  /** One refresh per round at a time, however many requests arrive meanwhile. */
  private refresh(roundId: string): Promise<BoardSnapshot> {
    let pending = this.refreshing.get(roundId);
    if (!pending) {
      pending = this.refreshSnapshot(roundId).finally(() => this.refreshing.delete(roundId));
      this.refreshing.set(roundId, pending);
    }
    return pending;
  }

  private async refreshSnapshot(roundId: string): Promise<BoardSnapshot> {
    const round = await this.round(roundId);
    const [raw, version] = await Promise.all([this.repo.getSnapshot(roundId), this.repo.version(roundId)]);
    let snapshot = raw ? (JSON.parse(raw) as BoardSnapshot) : null;
    if (!snapshot || snapshot.version !== version) snapshot = await this.buildSnapshot(roundId);
    this.remember(snapshot, round.publicBoard);
    return snapshot;
  }

  /**
   * Keeps `snapshot` as this process's copy. The pages read from the previous copy are made for the new one now
   * (JSON here, gzip on the libuv pool) rather than by the next reads, through the controller; when the snapshot is
   * the same one again (same version, same build time: the same published blob), the pages are kept as they are.
   * `publicBoard` unknown (the publisher's call): the previous copy's pages tell, they exist only for public boards.
   */
  remember(snapshot: BoardSnapshot, publicBoard?: boolean): void {
    const previous = this.local.get(snapshot.roundId);
    const pages = new Map<number, CachedPage>();
    if (previous && previous.pages.size && publicBoard !== false) {
      const same = previous.snapshot.version === snapshot.version && previous.snapshot.at === snapshot.at;
      for (const [key, page] of previous.pages) {
        if (same) {
          pages.set(key, page);
          continue;
        }
        const fresh = new CachedPage(topPageJson(snapshot, Math.floor(key / 128), key % 128));
        if (page.gzipped) fresh.prepareGzip();
        pages.set(key, fresh);
      }
    }
    this.local.set(snapshot.roundId, { at: this.clock.now(), snapshot, pages });
  }

  /** Judges' and organizers' statistics: counters, histogram, submissions over time, units and provinces. */
  async stats(roundId: string, opts: { recentMinutes?: number } = {}): Promise<BoardStatsV1> {
    await this.round(roundId);
    this.board.ensureBuiltInBackground(roundId);
    const k = liveKeys(roundId);
    const now = epochMinute(this.clock.now());
    const recent = opts.recentMinutes ? Array.from({ length: opts.recentMinutes }, (_, i) => now - opts.recentMinutes! + 1 + i) : null;
    const [counters, histogram, perMinute, unitCounts, provinceCounts] = await Promise.all([
      this.counters(roundId),
      this.repo.histogram(roundId),
      recent
        ? this.repo
            .perMinute(roundId, recent)
            .then((v): Record<string, number> => Object.fromEntries(recent.map((m, i) => [String(m), v[i]]).filter(([, n]) => n)))
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
      at: this.clock.date().toISOString(),
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

/** A top page of the round's board from a snapshot, as JSON (the bytes every reader of that page gets). */
function topPageJson(snapshot: BoardSnapshot, offset: number, limit: number): JsonOf<BoardPageV1> {
  const page: BoardPage = {
    roundId: snapshot.roundId,
    total: snapshot.total,
    offset,
    limit,
    unitId: null,
    province: null,
    at: snapshot.at,
    entries: snapshot.entries.slice(offset, offset + limit),
  };
  return jsonOf(page);
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

const unitIds = (details: ({ u: string | null } | null)[]) => details.map((d) => d?.u).filter((u): u is string => !!u);

function unitNamer(units: Map<string, UnitInfo>) {
  return (id: string) => units.get(id)?.name ?? null;
}
