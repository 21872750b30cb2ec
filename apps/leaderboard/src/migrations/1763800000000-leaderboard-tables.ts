import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The official results and the judges' record: finalized rounds, every computation of a ranking (append-only,
 * with the hash of its inputs), the rankings themselves (one set of rows per distinct computation, so a regrade
 * keeps both), disqualifications, prize awards and an append-only audit log.
 */
export class LeaderboardTables1763800000000 implements MigrationInterface {
  name = 'LeaderboardTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION leaderboard.forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'leaderboard.% is append-only', TG_TABLE_NAME; END $$`);

    await q.query(`CREATE TABLE leaderboard.computations (
      id bigserial PRIMARY KEY,
      round_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('finalize', 'recompute', 'regrade')),
      rule text[] NOT NULL,
      prediction_target text NULL,
      tie_side text NULL,
      true_value numeric(25,5) NULL,
      participations integer NOT NULL,
      entries integer NOT NULL,
      perfect_scorers integer NOT NULL,
      input_sha256 text NOT NULL,
      ranking_sha256 text NOT NULL,
      results_sha256 text NOT NULL,
      same_as_previous boolean NULL,
      ranking_computation_id bigint NULL,
      elapsed_ms integer NOT NULL,
      created_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX ix_computations_round ON leaderboard.computations (round_id, id DESC)');
    await q.query(`CREATE TRIGGER computations_append_only BEFORE UPDATE OR DELETE ON leaderboard.computations
      FOR EACH ROW EXECUTE FUNCTION leaderboard.forbid_change()`);

    await q.query(`CREATE TABLE leaderboard.final_rankings (
      computation_id bigint NOT NULL REFERENCES leaderboard.computations(id),
      position integer NOT NULL,
      rank integer NOT NULL,
      attempt_id uuid NOT NULL,
      contestant_id uuid NOT NULL,
      unit_id uuid NULL,
      province text NULL,
      points integer NOT NULL,
      correct integer NOT NULL,
      total integer NOT NULL,
      duration_ms integer NOT NULL,
      submitted_at timestamptz NOT NULL,
      prediction numeric(20,5) NULL,
      distance numeric(25,5) NULL,
      PRIMARY KEY (computation_id, position)
    )`);

    await q.query(`CREATE TABLE leaderboard.round_results (
      round_id uuid PRIMARY KEY,
      contest_id uuid NULL,
      computation_id bigint NOT NULL REFERENCES leaderboard.computations(id),
      true_value numeric(25,5) NULL,
      results_sha256 text NOT NULL,
      finalized_by uuid NOT NULL,
      finalized_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE leaderboard.disqualifications (
      round_id uuid NOT NULL,
      contestant_id uuid NOT NULL,
      reason text NOT NULL,
      disqualified_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (round_id, contestant_id)
    )`);

    await q.query(`CREATE TABLE leaderboard.prize_awards (
      round_id uuid NOT NULL,
      contest_id uuid NULL,
      contestant_id uuid NOT NULL,
      attempt_id uuid NOT NULL,
      prize text NOT NULL,
      prize_order integer NOT NULL,
      rank integer NOT NULL,
      position integer NOT NULL,
      computation_id bigint NOT NULL,
      awarded_by uuid NOT NULL,
      awarded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (round_id, contestant_id)
    )`);
    await q.query('CREATE INDEX ix_prize_awards_contest ON leaderboard.prize_awards (contest_id, contestant_id)');

    await q.query(`CREATE TABLE leaderboard.audit_log (
      id bigserial PRIMARY KEY,
      actor_id uuid NULL,
      action text NOT NULL,
      round_id uuid NULL,
      subject_id text NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX ix_audit_round ON leaderboard.audit_log (round_id, at DESC)');
    await q.query(`CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON leaderboard.audit_log
      FOR EACH ROW EXECUTE FUNCTION leaderboard.forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE leaderboard.audit_log');
    await q.query('DROP TABLE leaderboard.prize_awards');
    await q.query('DROP TABLE leaderboard.disqualifications');
    await q.query('DROP TABLE leaderboard.round_results');
    await q.query('DROP TABLE leaderboard.final_rankings');
    await q.query('DROP TABLE leaderboard.computations');
    await q.query('DROP FUNCTION leaderboard.forbid_change()');
  }
}
