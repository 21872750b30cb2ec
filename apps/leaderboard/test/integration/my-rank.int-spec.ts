import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { encodeLiveScore } from '@hoi-thi/domain';
import { REDIS } from '@hoi-thi/platform';
import { bearer, createTestApp, privateRedisPrefix, testToken } from '@hoi-thi/testing';
import { LEADERBOARD_SERVICE } from '../../src/leaderboard.service-def';
import { BoardReadService } from '../../src/live/board-read.service';
import { liveKeys } from '../../src/live/live-keys';
import { insertRows, pg, publishRound, redis, snapshot } from '../support/fixtures';

/**
 * GET …/me in one Redis round trip (live-board.my-place.lua) against a plain reference: every contestant's exact position,
 * competition rank, neighbours, unit and province places on a board written straight into Redis with many ties,
 * and scores that differ only in their last digit (about 2^50: a Lua number printed with 14 digits would merge them).
 */
jest.setTimeout(120_000);

interface Entry {
  id: string;
  score: number;
  points: number;
  unit: string | null;
  province: string | null;
}

/** The board's order, written plainly: score descending, then member descending (ZREVRANGE's order of ties). */
const byBoardOrder = (a: Entry, b: Entry) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function referencePlace(entries: Entry[], id: string) {
  const sorted = [...entries].sort(byBoardOrder);
  const i = sorted.findIndex((e) => e.id === id);
  if (i < 0) return null;
  return { index: i, position: i + 1, rank: 1 + sorted.filter((e) => e.score > sorted[i].score).length, total: sorted.length, sorted };
}

describe('my rank in one round trip', () => {
  let app: NestFastifyApplication;
  let r: Redis;
  let db: Client;
  let reads: BoardReadService;
  const prefix = privateRedisPrefix('my-rank');
  const opensAt = '2022-08-01T03:00:00.000Z';
  const units = [randomUUID(), randomUUID(), randomUUID()];
  const entries: Entry[] = [];
  let roundId: string;

  beforeAll(async () => {
    db = await pg();
    r = redis(prefix);
    app = await createTestApp([LEADERBOARD_SERVICE], { REDIS_KEY_PREFIX: prefix });
    reads = app.get(BoardReadService);
    await insertRows(
      db,
      'registration.units',
      units.slice(0, 2).map((id, i) => ({ id, name: `Đơn vị ${i + 1}`, member_count: 100 })),
    );
    roundId = (await publishRound(r, snapshot({ opensAt }))).roundId;
    const k = liveKeys(roundId);
    // 4 points × 2 durations × 2 submission seconds: 16 distinct scores over 240 entries (ties everywhere).
    for (let i = 0; i < 240; i++) {
      const points = 10 + (i % 4);
      const durationMs = 60_000 + (Math.floor(i / 4) % 2) * 1000;
      const submittedAt = new Date(Date.parse(opensAt) + 86_400_000 + (Math.floor(i / 8) % 2) * 1000);
      entries.push({
        id: randomUUID(),
        score: encodeLiveScore({ points, durationMs, submittedAt, roundOpensAt: new Date(opensAt) }),
        points,
        unit: [...units, null][Math.floor(i / 16) % 4],
        province: ['HN', 'HCM', null][i % 3],
      });
    }
    expect(new Set(entries.map((e) => e.score)).size).toBe(16);
    expect(Math.min(...entries.map((e) => e.score))).toBeGreaterThan(1e14);
    const pipe = r.pipeline();
    for (const e of entries) {
      pipe.zadd(k.global, e.score, e.id);
      if (e.unit) pipe.zadd(k.unit(e.unit), e.score, e.id);
      if (e.province) pipe.zadd(k.province(e.province), e.score, e.id);
      const details = { a: randomUUID(), p: e.points, c: e.points, t: 20, d: 60_000, s: opensAt, u: e.unit, v: e.province, n: 'Nguyễn V. A.', r: null };
      pipe.hset(k.best, e.id, JSON.stringify(details));
    }
    pipe.hset(k.counters, 'attempts', entries.length, 'entries', entries.length, 'ver', 1);
    pipe.set(k.built, new Date().toISOString());
    await pipe.exec();
  });
  afterAll(async () => {
    await app.close();
    r.disconnect();
    await db.end();
  });

  it('equals the plain reference for every contestant: position, rank, neighbours, unit and province', async () => {
    for (const e of entries) {
      const got = await reads.me(roundId, { sub: e.id, roles: ['contestant'], typ: 'access' });
      const ref = referencePlace(entries, e.id)!;
      const around = ref.sorted.slice(Math.max(0, ref.index - 5), ref.index + 6);
      expect(got.total).toBe(entries.length);
      expect(got.entry).toMatchObject({ position: ref.position, rank: ref.rank, points: e.points, unitId: e.unit, province: e.province });
      expect(got.around.map((v) => [v.position, v.rank, v.points, v.unitId, v.province])).toEqual(
        around.map((n) => [ref.sorted.indexOf(n) + 1, referencePlace(entries, n.id)!.rank, n.points, n.unit, n.province]),
      );
      expect(got.around.map((v) => v.unitName)).toEqual(around.map((n) => (n.unit === units[0] ? 'Đơn vị 1' : n.unit === units[1] ? 'Đơn vị 2' : null)));
      const group = (members: Entry[]) => {
        const p = referencePlace(members, e.id)!;
        return { rank: p.rank, position: p.position, total: p.total };
      };
      expect(got.unit).toEqual(e.unit ? { unitId: e.unit, ...group(entries.filter((x) => x.unit === e.unit)) } : null);
      expect(got.province).toEqual(e.province ? { province: e.province, ...group(entries.filter((x) => x.province === e.province)) } : null);
    }
  });

  it('answers a contestant without an entry with the total only', async () => {
    const got = await reads.me(roundId, { sub: randomUUID(), roles: ['contestant'], typ: 'access' });
    expect(got).toEqual({ roundId, total: entries.length, entry: null, around: [], unit: null, province: null });
  });

  it('reads the board with one Redis command per request (the script), over HTTP too', async () => {
    const client = app.get<Redis>(REDIS, { strict: false });
    const sent: string[] = [];
    const original = client.sendCommand.bind(client);
    const spy = jest.spyOn(client, 'sendCommand').mockImplementation((command, ...rest) => {
      // Only this round's commands: the app's consumers and ticks share the connection.
      if (command.args.some((a) => String(a).includes(`{r:${roundId}}`))) sent.push(command.name.toLowerCase());
      return original(command, ...rest);
    });
    try {
      const me = referencePlace(entries, entries[17].id)!;
      const headers = bearer(testToken(['contestant'], { sub: entries[17].id }));
      await app.inject({ method: 'GET', url: `/api/rounds/${roundId}/leaderboard/me`, headers }); // warms the round and built-flag caches
      sent.length = 0;
      const res = await app.inject({ method: 'GET', url: `/api/rounds/${roundId}/leaderboard/me`, headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().entry).toMatchObject({ position: me.position, rank: me.rank });
      expect(sent).toEqual(['evalsha']);
    } finally {
      spy.mockRestore();
    }
  });
});
