import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Banks, versioned questions (versions are immutable: a trigger refuses UPDATE and DELETE), contests, rounds,
 * the published-round contract table (docs/data-contracts.md) and the audit log.
 * pg_trgm is used when the server lets us create it (search and near-duplicates); otherwise plain indexes.
 */
export class QuestionBankTables1763800000000 implements MigrationInterface {
  name = 'QuestionBankTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm unavailable: %', SQLERRM; END $$`);
    await q.query(`
      CREATE TABLE question_bank.banks (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE question_bank.questions (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        bank_id uuid NOT NULL REFERENCES question_bank.banks(id),
        current_version_id uuid NOT NULL,
        version_count int NOT NULL DEFAULT 1,
        topic text NOT NULL,
        difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
        kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'true-false')),
        text_dup text NOT NULL,
        text_search text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX questions_bank_cell ON question_bank.questions (bank_id, topic, difficulty) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX questions_bank_seq ON question_bank.questions (bank_id, seq) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE question_bank.question_versions (
        id uuid PRIMARY KEY,
        question_id uuid NOT NULL REFERENCES question_bank.questions(id),
        version int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'true-false')),
        text text NOT NULL,
        options jsonb NOT NULL,
        correct_option_ids jsonb NOT NULL,
        explanation text,
        topic text NOT NULL,
        difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
        article text,
        image_url text,
        points int NOT NULL DEFAULT 1 CHECK (points BETWEEN 1 AND 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (question_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION question_bank.versions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'question versions are immutable (edit = new version)'; END $$`);
    await q.query(`
      CREATE TRIGGER question_versions_immutable BEFORE UPDATE OR DELETE ON question_bank.question_versions
      FOR EACH ROW EXECUTE FUNCTION question_bank.versions_are_immutable()`);
    await q.query(`DO $$
      DECLARE s text;
      BEGIN
        SELECT extnamespace::regnamespace::text INTO s FROM pg_extension WHERE extname = 'pg_trgm';
        IF s IS NULL THEN
          CREATE INDEX questions_dup ON question_bank.questions (bank_id, text_dup) WHERE deleted_at IS NULL;
        ELSE
          EXECUTE format('CREATE INDEX questions_dup_trgm ON question_bank.questions USING gin (text_dup %I.gin_trgm_ops) WHERE deleted_at IS NULL', s);
          EXECUTE format('CREATE INDEX questions_search_trgm ON question_bank.questions USING gin (text_search %I.gin_trgm_ops) WHERE deleted_at IS NULL', s);
          CREATE INDEX questions_dup ON question_bank.questions (bank_id, text_dup) WHERE deleted_at IS NULL;
        END IF;
      END $$`);
    await q.query(`
      CREATE TABLE question_bank.contests (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        rules text NOT NULL DEFAULT '',
        materials jsonb NOT NULL DEFAULT '[]',
        required_fields jsonb NOT NULL DEFAULT '[]',
        unit_tree_root_id uuid,
        published boolean NOT NULL DEFAULT false,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE question_bank.rounds (
        id uuid PRIMARY KEY,
        contest_id uuid NOT NULL REFERENCES question_bank.contests(id),
        bank_id uuid NOT NULL REFERENCES question_bank.banks(id),
        title text NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        blueprint jsonb NOT NULL,
        time_limit_seconds int NOT NULL,
        attempts_allowed int,
        points_per_question int,
        prediction jsonb NOT NULL,
        ranking_rule jsonb NOT NULL,
        reveal_policy text NOT NULL CHECK (reveal_policy IN ('never', 'after-submit', 'after-close')),
        practice boolean NOT NULL DEFAULT false,
        partial_credit text NOT NULL CHECK (partial_credit IN ('all-or-nothing', 'proportional')),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        published_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (opens_at < closes_at)
      )`);
    await q.query(`CREATE INDEX rounds_contest ON question_bank.rounds (contest_id, opens_at)`);
    // The contract table other services read (docs/data-contracts.md): columns change only with a new version.
    await q.query(`
      CREATE TABLE question_bank.published_rounds (
        round_id uuid PRIMARY KEY REFERENCES question_bank.rounds(id),
        contest_id uuid NOT NULL,
        snapshot jsonb NOT NULL,
        answer_key jsonb NOT NULL,
        key_version int NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE question_bank.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_roles text[] NOT NULL DEFAULT '{}',
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON question_bank.audit_log (entity_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'published_rounds', 'rounds', 'contests', 'question_versions', 'questions', 'banks']) {
      await q.query(`DROP TABLE IF EXISTS question_bank.${t}`);
    }
    await q.query('DROP FUNCTION IF EXISTS question_bank.versions_are_immutable()');
  }
}
