import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { isMissingRelation } from '@hoi-thi/platform';
import { EXAM_PG } from '../shared/exam-pg';
import { ContestantProfile, REQUIRABLE_FIELDS, RequirableField } from './eligibility-rules';

/**
 * The facts eligibility reads from the other services' published tables (docs/data-contracts.md), never writes:
 * question-bank's `question_bank.contests(id, required_fields, unit_tree_root_id)` and registration's
 * `registration.users(id, disabled, citizen_id_hash, email, date_of_birth, province_code, ward_code, unit_id, category)`
 * with `registration.units(id, parent_id)`. Read once per (round, contestant) at most: the decision is kept in Redis.
 */
@Injectable()
export class EligibilityRepository {
  constructor(@Inject(EXAM_PG) private readonly pg: Pool) {}

  /** The contest's stored rules; null when the contest has no row (or question-bank's tables are not there). */
  async contest(contestId: string): Promise<{ requiredFields: unknown; unitTreeRootId: string | null } | null> {
    try {
      const r = await this.pg.query<{ requiredFields: unknown; unitTreeRootId: string | null }>(
        'SELECT required_fields AS "requiredFields", unit_tree_root_id AS "unitTreeRootId" FROM question_bank.contests WHERE id = $1',
        [contestId],
      );
      return r.rows[0] ?? null;
    } catch (e) {
      if (isMissingRelation(e)) return null;
      throw e;
    }
  }

  /**
   * What the rules need of a contestant's profile, and whether their unit is `treeRootId` or below it (walking up
   * `registration.units.parent_id`, at most 64 levels). null when registration does not know the user.
   */
  async profile(userId: string, treeRootId: string | null): Promise<ContestantProfile | null> {
    const r = await this.pg.query<Record<RequirableField, boolean> & { disabled: boolean; unitId: string | null; inTree: boolean }>(PROFILE_SQL, [
      userId,
      treeRootId,
    ]);
    const row = r.rows[0];
    if (!row) return null;
    return {
      disabled: row.disabled,
      present: new Set(REQUIRABLE_FIELDS.filter((f) => row[f])),
      unitId: row.unitId,
      unitInTree: row.inTree,
    };
  }
}

const PROFILE_SQL = `
WITH RECURSIVE me AS (
  SELECT disabled, citizen_id_hash, email, date_of_birth, province_code, ward_code, unit_id, category
    FROM registration.users WHERE id = $1
), up(id, parent_id, n) AS (
  SELECT u.id, u.parent_id, 1 FROM registration.units u JOIN me ON u.id = me.unit_id
  UNION ALL
  SELECT p.id, p.parent_id, up.n + 1 FROM registration.units p JOIN up ON p.id = up.parent_id WHERE up.n < 64
)
SELECT me.disabled,
       coalesce(me.citizen_id_hash, '') <> '' AS "citizenId",
       coalesce(btrim(me.email), '') <> '' AS "email",
       me.date_of_birth IS NOT NULL AS "dateOfBirth",
       coalesce(btrim(me.province_code), '') <> '' AS "province",
       coalesce(btrim(me.ward_code), '') <> '' AS "ward",
       me.unit_id IS NOT NULL AS "unit",
       me.category IS NOT NULL AS "category",
       me.unit_id AS "unitId",
       ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM up WHERE up.id = $2::uuid)) AS "inTree"
  FROM me`;
