import { gunzipSync } from 'node:zlib';
import { FakeClock } from '@hoi-thi/testing';
import type { AttemptsReader } from '../sources/attempts.reader';
import type { RegistrationReader } from '../sources/registration.reader';
import type { RoundConfig } from '../sources/round-config';
import type { RoundsReader } from '../sources/rounds.reader';
import { BoardReadService, BoardSnapshot, pageKey, SNAPSHOT_FRESH_MS, SNAPSHOT_REFRESH_AHEAD_MS } from './board-read.service';
import type { LiveBoardRepository } from './live-board.repository';
import type { LiveBoardService } from './live-board.service';

const roundId = '3f2b8c1e-0000-4000-8000-000000000001';

function snapshotOf(version: number, at: string, names: string[]): BoardSnapshot {
  return {
    roundId,
    version,
    at,
    total: names.length,
    entries: names.map((name, i) => ({
      rank: i + 1,
      position: i + 1,
      name,
      unitId: null,
      unitName: null,
      province: 'HN',
      points: 20 - i,
      correct: 20 - i,
      total: 20,
      durationMs: 60_000,
      submittedAt: at,
    })),
    counters: { registered: 0, attempts: names.length, validEntries: names.length, inProgress: 0, submissionsPerMinute: 0, submissionsThisMinute: 0 },
  };
}

/** The service over a Redis that holds one published snapshot (`published`), and a clock the test moves. */
function setup(publicBoard = true) {
  const clock = new FakeClock(1_000_000);
  const redis = { published: snapshotOf(1, '2026-11-22T00:00:00.000Z', ['Nguyễn V. A.', 'Trần T. B.', 'Lê V. C.']) };
  const repo = {
    getSnapshot: jest.fn(async () => JSON.stringify(redis.published)),
    version: jest.fn(async () => redis.published.version),
  };
  const rounds = { get: jest.fn(async () => ({ roundId, publicBoard, contestPublished: true }) as RoundConfig) };
  const reads = new BoardReadService(
    repo as unknown as LiveBoardRepository,
    { ensureBuiltInBackground: () => undefined } as unknown as LiveBoardService,
    rounds as unknown as RoundsReader,
    {} as RegistrationReader,
    {} as AttemptsReader,
    clock,
  );
  return { redis, repo, reads, at: (ms: number) => clock.set(1_000_000 + ms) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe(BoardReadService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('caches a public top page for the fast path: JSON, the same bytes as a Buffer, and gzipped', async () => {
    const { reads } = setup();
    expect(reads.cachedTopPage(roundId, pageKey(0, 2))).toBeUndefined();
    const json = await reads.pageJson(roundId, { offset: 0, limit: 2 });
    expect(JSON.parse(json).entries.map((e: { name: string }) => e.name)).toEqual(['Nguyễn V. A.', 'Trần T. B.']);
    const page = reads.cachedTopPage(roundId, pageKey(0, 2))!;
    expect(page.json).toBe(json);
    expect(page.body.equals(Buffer.from(json, 'utf8'))).toBe(true);
    expect(gunzipSync(page.gzip).toString('utf8')).toBe(json);
    expect(reads.cachedTopPage(roundId, pageKey(1, 2))).toBeUndefined(); // another page: not read yet
  });

  it('never caches a board the contest keeps for signed-in users', async () => {
    const { reads } = setup(false);
    await reads.pageJson(roundId, { offset: 0, limit: 2 }, { sub: 'x', roles: ['contestant'], typ: 'access' });
    expect(reads.cachedTopPage(roundId, pageKey(0, 2))).toBeUndefined();
  });

  it('serves its copy for a second only, fetching the next one ahead when read in the last quarter', async () => {
    const { reads, repo, redis, at } = setup();
    const first = await reads.pageJson(roundId, { offset: 0, limit: 3 });
    expect(repo.getSnapshot).toHaveBeenCalledTimes(1);
    at(SNAPSHOT_REFRESH_AHEAD_MS - 1);
    expect(reads.cachedTopPage(roundId, pageKey(0, 3))?.json).toBe(first);
    await flush();
    expect(repo.getSnapshot).toHaveBeenCalledTimes(1); // too early to refresh

    // The board changed meanwhile: the publisher stored a new snapshot.
    redis.published = snapshotOf(2, '2026-11-22T00:00:01.000Z', ['Trần T. B.', 'Nguyễn V. A.', 'Lê V. C.', 'Phạm V. D.']);
    at(SNAPSHOT_REFRESH_AHEAD_MS);
    expect(reads.cachedTopPage(roundId, pageKey(0, 3))?.json).toBe(first); // still this copy, while the next is fetched
    expect(reads.cachedTopPage(roundId, pageKey(0, 3))?.json).toBe(first);
    await flush();
    expect(repo.getSnapshot).toHaveBeenCalledTimes(1 + 1); // one refresh for the two reads
    // The page read before is ready for the new snapshot without a read through the controller.
    const next = reads.cachedTopPage(roundId, pageKey(0, 3))!;
    expect(JSON.parse(next.json)).toMatchObject({
      total: 4,
      at: '2026-11-22T00:00:01.000Z',
      entries: [{ name: 'Trần T. B.' }, { name: 'Nguyễn V. A.' }, { name: 'Lê V. C.' }],
    });
    expect(next.json).toBe(JSON.stringify(JSON.parse(await reads.pageJson(roundId, { offset: 0, limit: 3 }))));

    // Unread for a second: the copy is no longer served; the next read goes the full way.
    at(SNAPSHOT_REFRESH_AHEAD_MS + SNAPSHOT_FRESH_MS);
    expect(reads.cachedTopPage(roundId, pageKey(0, 3))).toBeUndefined();
  });

  it('keeps the pages (and their gzip) when the refreshed snapshot is the same one', async () => {
    const { reads, at } = setup();
    await reads.pageJson(roundId, { offset: 0, limit: 2 });
    const page = reads.cachedTopPage(roundId, pageKey(0, 2))!;
    const zipped = page.gzip;
    at(SNAPSHOT_REFRESH_AHEAD_MS + 10);
    reads.cachedTopPage(roundId, pageKey(0, 2));
    await flush();
    at(SNAPSHOT_FRESH_MS + 100); // past the first copy's second: served from the renewed one
    const again = reads.cachedTopPage(roundId, pageKey(0, 2))!;
    expect(again).toBe(page);
    expect(again.gzip).toBe(zipped);
  });
});
