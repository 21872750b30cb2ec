import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts and answers partitioned by round (LIST on round_id): a round's million attempts and tens of millions
 * of answers live in tables of their own, so the leaderboard's rebuild and finalization, regrading and exports
 * scan one round only, each round's indexes stay small, and a finished round can be detached and archived
 * (`ALTER TABLE exam.attempts DETACH PARTITION …`) without touching the running ones.
 *
 * - `exam.ensure_round_partition(round)` makes a round's two partitions. exam-session calls it before a
 *   round's first attempt is written; it is idempotent and serialized by an advisory lock, and it attaches
 *   (SHARE UPDATE EXCLUSIVE on the parent) rather than `CREATE … PARTITION OF` (ACCESS EXCLUSIVE), so it
 *   never waits for, nor blocks, the reads and writes of running rounds.
 * - A DEFAULT partition keeps any row whose round has no partition (e.g. rows written by hand): nothing is
 *   ever refused for want of a partition.
 * - Unique keys must hold the partition key. Attempts are keyed (round_id, id): the hot statements name the round
 *   and the ids, and this key serves both (with id first, or without it, the planner took the round's partial
 *   "one active attempt" index on a fresh partition — no statistics yet — and scanned every active attempt of the
 *   round per batch). Lookups by id alone (resume, audit) use the index on (id) in each partition. Answers are
 *   keyed (attempt_id, question_id, round_id).
 *
 * Existing rows are copied into the partitioned tables (a deployment upgraded in place keeps everything).
 */
export class PartitionByRound1764000000000 implements MigrationInterface {
  name = 'PartitionByRound1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "exam"."attempts" RENAME TO "attempts_unpartitioned"`);
    await q.query(`ALTER TABLE "exam"."answers" RENAME TO "answers_unpartitioned"`);
    for (const name of ['attempts_pkey', 'attempts_round_contestant_no', 'answers_pkey']) {
      await q.query(`ALTER TABLE "exam"."${name.startsWith('answers') ? 'answers' : 'attempts'}_unpartitioned" RENAME CONSTRAINT "${name}" TO "${name}_old"`);
    }
    for (const name of ['attempts_one_active', 'attempts_active_deadline', 'attempts_round_submitted']) {
      await q.query(`ALTER INDEX "exam"."${name}" RENAME TO "${name}_old"`);
    }
    await q.query(`
      CREATE TABLE "exam"."attempts" (
        "id" uuid NOT NULL,
        "round_id" uuid NOT NULL,
        "contestant_id" uuid NOT NULL,
        "unit_id" uuid NULL,
        "province" text NULL,
        "status" text NOT NULL DEFAULT 'active' CHECK ("status" IN ('active', 'submitted')),
        "correct" int NULL,
        "points" int NULL,
        "total" int NOT NULL,
        "duration_ms" int NULL,
        "started_at" timestamptz NOT NULL,
        "deadline" timestamptz NOT NULL,
        "submitted_at" timestamptz NULL,
        "prediction" numeric(20,5) NULL,
        "attempt_no" int NOT NULL,
        "seed" text NOT NULL,
        "draw" jsonb NOT NULL,
        "max_points" int NOT NULL,
        "key_version" int NULL,
        "submitted_by" text NULL CHECK ("submitted_by" IN ('contestant', 'deadline')),
        "idempotency_key" text NULL,
        "ip" text NULL,
        "user_agent" text NULL,
        "regraded_at" timestamptz NULL,
        CONSTRAINT "attempts_pkey" PRIMARY KEY ("round_id", "id"),
        CONSTRAINT "attempts_round_contestant_no" UNIQUE ("round_id", "contestant_id", "attempt_no")
      ) PARTITION BY LIST ("round_id")`);
    await q.query(`CREATE INDEX "attempts_id" ON "exam"."attempts" ("id")`);
    await q.query(`CREATE UNIQUE INDEX "attempts_one_active" ON "exam"."attempts" ("round_id", "contestant_id") WHERE "status" = 'active'`);
    await q.query(`CREATE INDEX "attempts_active_deadline" ON "exam"."attempts" ("deadline") WHERE "status" = 'active'`);
    // The leaderboard's rebuild and regrading page through a round's submitted attempts by id.
    await q.query(`CREATE INDEX "attempts_round_submitted" ON "exam"."attempts" ("round_id", "id") WHERE "status" = 'submitted'`);
    await q.query(`
      CREATE TABLE "exam"."answers" (
        "attempt_id" uuid NOT NULL,
        "question_id" text NOT NULL,
        "round_id" uuid NOT NULL,
        "option_ids" jsonb NOT NULL,
        "seq" int NOT NULL,
        "changes" int NOT NULL DEFAULT 1,
        "first_answered_at" timestamptz NOT NULL,
        "last_answered_at" timestamptz NOT NULL,
        CONSTRAINT "answers_pkey" PRIMARY KEY ("attempt_id", "question_id", "round_id")
      ) PARTITION BY LIST ("round_id")`);
    await q.query(`CREATE TABLE "exam"."attempts_default" PARTITION OF "exam"."attempts" DEFAULT`);
    await q.query(`CREATE TABLE "exam"."answers_default" PARTITION OF "exam"."answers" DEFAULT WITH (fillfactor = 80)`);
    await q.query(`
      CREATE FUNCTION "exam"."ensure_round_partition"(round uuid) RETURNS boolean LANGUAGE plpgsql AS $fn$
      DECLARE
        suffix text := replace(round::text, '-', '');
        made boolean := false;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('exam.ensure_round_partition'));
        IF to_regclass(format('exam.attempts_r_%s', suffix)) IS NULL THEN
          EXECUTE format('CREATE TABLE exam.%I (LIKE exam.attempts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', 'attempts_r_' || suffix);
          EXECUTE format('ALTER TABLE exam.%I ADD CONSTRAINT %I CHECK (round_id = %L::uuid)', 'attempts_r_' || suffix, 'attempts_r_' || suffix || '_round', round);
          EXECUTE format('ALTER TABLE exam.attempts ATTACH PARTITION exam.%I FOR VALUES IN (%L)', 'attempts_r_' || suffix, round);
          made := true;
        END IF;
        IF to_regclass(format('exam.answers_r_%s', suffix)) IS NULL THEN
          EXECUTE format('CREATE TABLE exam.%I (LIKE exam.answers INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (fillfactor = 80)', 'answers_r_' || suffix);
          EXECUTE format('ALTER TABLE exam.%I ADD CONSTRAINT %I CHECK (round_id = %L::uuid)', 'answers_r_' || suffix, 'answers_r_' || suffix || '_round', round);
          EXECUTE format('ALTER TABLE exam.answers ATTACH PARTITION exam.%I FOR VALUES IN (%L)', 'answers_r_' || suffix, round);
          made := true;
        END IF;
        RETURN made;
      END
      $fn$`);
    // Rows already there: a partition per round, then the copy.
    await q.query(`SELECT "exam"."ensure_round_partition"(r) FROM (SELECT DISTINCT "round_id" AS r FROM "exam"."attempts_unpartitioned") x`);
    await q.query(`INSERT INTO "exam"."attempts" SELECT * FROM "exam"."attempts_unpartitioned"`);
    await q.query(`
      INSERT INTO "exam"."answers" (attempt_id, question_id, round_id, option_ids, seq, changes, first_answered_at, last_answered_at)
      SELECT an.attempt_id, an.question_id, a.round_id, an.option_ids, an.seq, an.changes, an.first_answered_at, an.last_answered_at
      FROM "exam"."answers_unpartitioned" an JOIN "exam"."attempts_unpartitioned" a ON a.id = an.attempt_id`);
    await q.query(`DROP TABLE "exam"."answers_unpartitioned"`);
    await q.query(`DROP TABLE "exam"."attempts_unpartitioned"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "exam"."attempts" RENAME TO "attempts_partitioned"`);
    await q.query(`ALTER TABLE "exam"."answers" RENAME TO "answers_partitioned"`);
    await q.query(`CREATE TABLE "exam"."attempts" (LIKE "exam"."attempts_partitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q.query(`INSERT INTO "exam"."attempts" SELECT * FROM "exam"."attempts_partitioned"`);
    await q.query(`
      CREATE TABLE "exam"."answers" ("attempt_id" uuid NOT NULL, "question_id" text NOT NULL, "option_ids" jsonb NOT NULL, "seq" int NOT NULL,
        "changes" int NOT NULL DEFAULT 1, "first_answered_at" timestamptz NOT NULL, "last_answered_at" timestamptz NOT NULL) WITH (fillfactor = 80)`);
    await q.query(
      `INSERT INTO "exam"."answers" SELECT attempt_id, question_id, option_ids, seq, changes, first_answered_at, last_answered_at FROM "exam"."answers_partitioned"`,
    );
    await q.query(`DROP TABLE "exam"."answers_partitioned" CASCADE`);
    await q.query(`DROP TABLE "exam"."attempts_partitioned" CASCADE`);
    await q.query(`DROP FUNCTION "exam"."ensure_round_partition"(uuid)`);
    await q.query(`ALTER TABLE "exam"."attempts" ADD PRIMARY KEY ("id")`);
    await q.query(`ALTER TABLE "exam"."attempts" ADD CONSTRAINT "attempts_round_contestant_no" UNIQUE ("round_id", "contestant_id", "attempt_no")`);
    await q.query(`CREATE UNIQUE INDEX "attempts_one_active" ON "exam"."attempts" ("round_id", "contestant_id") WHERE "status" = 'active'`);
    await q.query(`CREATE INDEX "attempts_active_deadline" ON "exam"."attempts" ("deadline") WHERE "status" = 'active'`);
    await q.query(`CREATE INDEX "attempts_round_submitted" ON "exam"."attempts" ("round_id") WHERE "status" = 'submitted'`);
    await q.query(`ALTER TABLE "exam"."answers" ADD PRIMARY KEY ("attempt_id", "question_id")`);
  }
}
