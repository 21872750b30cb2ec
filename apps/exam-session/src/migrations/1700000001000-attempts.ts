import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts (the contract columns of docs/data-contracts.md first, then exam-session's own), answers
 * (one row per attempt and question, written by the group committer), anti-cheat events, the outbox of
 * `exam.attempt-submitted.v1`, and the regrade log.
 */
export class Attempts1700000001000 implements MigrationInterface {
  name = 'Attempts1700000001000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "exam"."attempts" (
        "id" uuid PRIMARY KEY,
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
        -- exam-session's own columns
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
        CONSTRAINT "attempts_round_contestant_no" UNIQUE ("round_id", "contestant_id", "attempt_no")
      )`);
    // One active attempt per contestant and round, whatever Redis says (the Lua gate's safety net).
    await q.query(`CREATE UNIQUE INDEX "attempts_one_active" ON "exam"."attempts" ("round_id", "contestant_id") WHERE "status" = 'active'`);
    // The sweeper's PostgreSQL fallback scan (attempts past their deadline still active).
    await q.query(`CREATE INDEX "attempts_active_deadline" ON "exam"."attempts" ("deadline") WHERE "status" = 'active'`);
    await q.query(`CREATE INDEX "attempts_round_submitted" ON "exam"."attempts" ("round_id") WHERE "status" = 'submitted'`);
    await q.query(`
      CREATE TABLE "exam"."answers" (
        "attempt_id" uuid NOT NULL,
        "question_id" text NOT NULL,
        "option_ids" jsonb NOT NULL,
        "seq" int NOT NULL,
        "changes" int NOT NULL DEFAULT 1,
        "first_answered_at" timestamptz NOT NULL,
        "last_answered_at" timestamptz NOT NULL,
        PRIMARY KEY ("attempt_id", "question_id")
      ) WITH (fillfactor = 80)`);
    await q.query(`
      CREATE TABLE "exam"."attempt_events" (
        "id" bigserial PRIMARY KEY,
        "attempt_id" uuid NOT NULL,
        "type" text NOT NULL,
        "client_at" timestamptz NULL,
        "server_at" timestamptz NOT NULL,
        "ip" text NULL
      )`);
    await q.query(`CREATE INDEX "attempt_events_attempt" ON "exam"."attempt_events" ("attempt_id", "id")`);
    await q.query(`
      CREATE TABLE "exam"."outbox" (
        "id" bigserial PRIMARY KEY,
        "attempt_id" uuid NOT NULL,
        "stream" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "exam"."regrades" (
        "id" bigserial PRIMARY KEY,
        "round_id" uuid NOT NULL,
        "question_id" text NOT NULL,
        "correct_option_ids" jsonb NOT NULL,
        "event_id" text NOT NULL,
        "rescored" int NOT NULL,
        "changed" int NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "regrades_event_round" UNIQUE ("event_id", "round_id")
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ['regrades', 'outbox', 'attempt_events', 'answers', 'attempts']) await q.query(`DROP TABLE IF EXISTS "exam"."${t}"`);
  }
}
