import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, units, refresh tokens and the audit log. `users(id, unit_id, province_code, created_at)` and
 * `units(id, parent_id, name, member_count)` are read by the leaderboard (docs/data-contracts.md): keep them.
 */
export class RegistrationTables1763769600000 implements MigrationInterface {
  name = 'RegistrationTables1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE registration.user_category AS ENUM
      ('party-member', 'civil-servant', 'student', 'worker', 'armed-forces', 'other')`);

    await q.query(`CREATE TABLE registration.units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid NULL REFERENCES registration.units(id) ON DELETE RESTRICT,
      code text NOT NULL,
      name text NOT NULL,
      member_count integer NULL CHECK (member_count IS NULL OR member_count >= 0),
      depth smallint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_units_code UNIQUE (code)
    )`);
    await q.query('CREATE INDEX ix_units_parent ON registration.units (parent_id)');

    await q.query(`CREATE TABLE registration.users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      full_name text NOT NULL,
      date_of_birth date NOT NULL,
      phone text NOT NULL,
      email text NULL CHECK (email IS NULL OR email = lower(email)),
      password_hash text NOT NULL,
      citizen_id_hash text NULL,
      citizen_id_last3 char(3) NULL,
      province_code text NOT NULL,
      ward_code text NOT NULL,
      unit_id uuid NULL REFERENCES registration.units(id) ON DELETE SET NULL,
      category registration.user_category NOT NULL,
      roles text[] NOT NULL DEFAULT ARRAY['contestant']::text[]
        CHECK (roles <@ ARRAY['contestant', 'organizer', 'judge', 'admin']::text[]),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_users_phone UNIQUE (phone),
      CONSTRAINT uq_users_email UNIQUE (email),
      CONSTRAINT uq_users_citizen_id_hash UNIQUE (citizen_id_hash)
    )`);
    // Leaderboard counts by unit and province; admin lists newest first (keyset pagination).
    await q.query('CREATE INDEX ix_users_unit ON registration.users (unit_id)');
    await q.query('CREATE INDEX ix_users_province ON registration.users (province_code)');
    await q.query('CREATE INDEX ix_users_created ON registration.users (created_at DESC, id DESC)');
    await q.query(`CREATE INDEX ix_users_admins ON registration.users (id) WHERE 'admin' = ANY (roles)`);

    await q.query(`CREATE TABLE registration.refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES registration.users(id) ON DELETE CASCADE,
      token_hash bytea NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL,
      revoked_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      user_agent text NULL,
      ip text NULL,
      CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash)
    )`);
    await q.query('CREATE INDEX ix_refresh_tokens_family ON registration.refresh_tokens (family_id)');
    await q.query('CREATE INDEX ix_refresh_tokens_user ON registration.refresh_tokens (user_id) WHERE revoked_at IS NULL');

    await q.query(`CREATE TABLE registration.audit_log (
      id bigserial PRIMARY KEY,
      actor_id uuid NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      ip text NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX ix_audit_log_target ON registration.audit_log (target_type, target_id, at DESC)');
    await q.query('CREATE INDEX ix_audit_log_actor ON registration.audit_log (actor_id, at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE registration.audit_log');
    await q.query('DROP TABLE registration.refresh_tokens');
    await q.query('DROP TABLE registration.users');
    await q.query('DROP TABLE registration.units');
    await q.query('DROP TYPE registration.user_category');
  }
}
