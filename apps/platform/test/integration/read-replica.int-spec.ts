import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, migrateService, ReadDatabase, readDatabaseToken } from '@hoi-thi/platform';
import { bearer, createTestApp, testToken } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';
import { LEADERBOARD_SERVICE } from '../../../leaderboard/src/leaderboard.service-def';
import { attempt, pg, publishRound, redis, snapshot, storeAttempts } from '../../../leaderboard/test/support/fixtures';

jest.setTimeout(120_000);

/**
 * DATABASE_READ_URL: exports and judges' statistics read the replica. A second database of this run, migrated
 * like the primary, stands in for a streaming replica; rows put only there (or changed only there) show which
 * connection a route read, and a computation missing there shows the fallback to the primary (replica lag).
 */
describe('reads on the replica (DATABASE_READ_URL)', () => {
  const replicaUrl = new URL(process.env.DATABASE_URL!);
  replicaUrl.pathname = `${replicaUrl.pathname}_replica`;
  let app: NestFastifyApplication;
  let primary: Client;
  let replica: Client;
  let r: Redis;
  const judge = bearer(testToken(['judge']));

  beforeAll(async () => {
    await ensureDatabase(replicaUrl.toString());
    for (const svc of ALL_SERVICES) await migrateService(svc.database, { url: replicaUrl.toString(), poolSize: 2 });
    primary = await pg();
    replica = new Client({ connectionString: replicaUrl.toString() });
    await replica.connect();
    r = redis();
    app = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CONSUMER: 'false', DATABASE_READ_URL: replicaUrl.toString() });
  });
  afterAll(async () => {
    await app?.close();
    r?.disconnect();
    await primary?.end();
    await replica?.end();
    const admin = new Client({ connectionString: process.env.DATABASE_URL! });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${replicaUrl.pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  /** Copies a computation and its ranking from the primary to the replica (what streaming replication does), changed by `edit`. */
  async function replicate(computationId: string, edit: (row: Record<string, unknown>) => Record<string, unknown>) {
    const c = await primary.query('SELECT to_jsonb(c) AS r FROM leaderboard.computations c WHERE id = $1', [computationId]);
    await replica.query('INSERT INTO leaderboard.computations SELECT * FROM jsonb_populate_record(NULL::leaderboard.computations, $1)', [c.rows[0].r]);
    const rows = await primary.query('SELECT to_jsonb(f) AS r FROM leaderboard.final_rankings f WHERE computation_id = $1 ORDER BY position', [computationId]);
    for (const row of rows.rows) {
      await replica.query('INSERT INTO leaderboard.final_rankings SELECT * FROM jsonb_populate_record(NULL::leaderboard.final_rankings, $1)', [edit(row.r)]);
    }
  }

  it('streams a results file from the replica once it holds the computation, from the primary until then', async () => {
    const round = await publishRound(r, snapshot());
    await storeAttempts(
      primary,
      Array.from({ length: 5 }, (_, i) => attempt(round.roundId, { points: i, correct: i, total: 5, province: '01', prediction: String(i) })),
    );
    const fin = await app.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: judge });
    expect(fin.statusCode).toBe(200);
    const summary = fin.json();
    const computationId = (await primary.query('SELECT computation_id FROM leaderboard.round_results WHERE round_id = $1', [round.roundId])).rows[0]
      .computation_id;

    // The replica has not caught up: the file comes from the primary, whole.
    const early = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/results?format=csv`, headers: judge });
    expect(early.statusCode).toBe(200);
    expect(createHash('sha256').update(early.rawPayload).digest('hex')).toBe(summary.resultsSha256);
    expect(early.payload).not.toContain(',79,');

    // Once it holds the computation, the file is read there (its rows marked on the replica only: province 79).
    await replicate(String(computationId), (row) => ({ ...row, province: '79' }));
    const late = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/results?format=csv`, headers: judge });
    expect(late.statusCode).toBe(200);
    const lines = late.payload.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 5);
    expect(lines.slice(1).every((l) => l.includes(',79,'))).toBe(true);
  });

  it("lists a round's attempts for judges from the replica", async () => {
    const round = await publishRound(r, snapshot());
    const onPrimary = attempt(round.roundId, { points: 1, correct: 1 });
    const onReplica = attempt(round.roundId, { points: 2, correct: 2 });
    await storeAttempts(primary, [onPrimary]);
    await storeAttempts(replica, [onReplica]);
    const res = await app.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/judge/attempts`, headers: judge });
    expect(res.statusCode).toBe(200);
    const ids = JSON.stringify(res.json());
    expect(ids).toContain(onReplica.attemptId);
    expect(ids).not.toContain(onPrimary.attemptId);
  });

  it('refuses writes on the read connection', async () => {
    const read = app.get<ReadDatabase>(readDatabaseToken('leaderboard'));
    await expect(read.query('CREATE TABLE leaderboard.should_not_exist (id int)')).rejects.toMatchObject({ code: '25006' });
    await expect(
      read.query(`INSERT INTO leaderboard.disqualifications (round_id, contestant_id, reason, disqualified_by) VALUES ($1, $2, 'x', $3)`, [
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ]),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('boots and exports from the primary when the replica cannot be reached', async () => {
    const lone = await createTestApp([LEADERBOARD_SERVICE], { LEADERBOARD_CONSUMER: 'false', DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const round = await publishRound(r, snapshot());
      await storeAttempts(primary, [attempt(round.roundId, { points: 3, correct: 3 })]);
      const fin = await lone.inject({ method: 'POST', url: `/api/rounds/${round.roundId}/finalize`, headers: judge });
      expect(fin.statusCode).toBe(200);
      const csv = await lone.inject({ method: 'GET', url: `/api/rounds/${round.roundId}/results?format=csv`, headers: judge });
      expect(csv.statusCode).toBe(200);
      expect(createHash('sha256').update(csv.rawPayload).digest('hex')).toBe(fin.json().resultsSha256);
      const ready = await lone.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(200);
    } finally {
      await lone.close();
    }
  });
});
