/**
 * Who may start an attempt in a contest's rounds (pure rules, no IO). A contest (question-bank's
 * `question_bank.contests`) may require profile fields (`required_fields`, the names of question-bank's
 * REGISTRATION_FIELDS) and restrict the contest to a unit tree (`unit_tree_root_id`): the contestant's profile
 * (registration's `registration.users`) must hold every required field, and their unit must be the root or below it.
 */

/** The profile fields a contest may require (question-bank's REGISTRATION_FIELDS). */
export const REQUIRABLE_FIELDS = ['citizenId', 'email', 'dateOfBirth', 'province', 'ward', 'unit', 'category'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

/**
 * Per required field: the name of the field in the contestant's profile (registration's `PATCH /api/me` body, so a
 * client can point at it) and the message key (attempts.errors.ts) saying what is missing.
 */
export const FIELD_PROBLEMS: Record<RequirableField, { field: string; message: string }> = {
  citizenId: { field: 'citizenId', message: 'exam.profile-citizen-id-missing' },
  email: { field: 'email', message: 'exam.profile-email-missing' },
  dateOfBirth: { field: 'dateOfBirth', message: 'exam.profile-date-of-birth-missing' },
  province: { field: 'provinceCode', message: 'exam.profile-province-missing' },
  ward: { field: 'wardCode', message: 'exam.profile-ward-missing' },
  unit: { field: 'unitId', message: 'exam.profile-unit-missing' },
  category: { field: 'category', message: 'exam.profile-category-missing' },
};

/** What a contest asks of its contestants. */
export interface ContestRules {
  requiredFields: RequirableField[];
  /** Only contestants of this unit or a unit below it may take part (null: anyone). */
  unitTreeRootId: string | null;
}

export const NO_RULES: ContestRules = Object.freeze({ requiredFields: [], unitTreeRootId: null }) as ContestRules;

/** What the eligibility rules need of a contestant's profile. */
export interface ContestantProfile {
  disabled: boolean;
  /** The requirable fields the profile holds (non-empty). */
  present: ReadonlySet<RequirableField>;
  unitId: string | null;
  /** The unit is the contest's unit tree root or below it (false when the contest has no tree). */
  unitInTree: boolean;
}

/** One reason for a refusal: the profile field and the message key. */
export interface EligibilityProblem {
  field: string;
  message: string;
}

export type EligibilityDecision = { eligible: true } | { eligible: false; problems: EligibilityProblem[] };

export const ELIGIBLE: EligibilityDecision = Object.freeze({ eligible: true });

/** True when a contest asks nothing of its contestants (no profile read is needed then). */
export function isOpenToAll(rules: ContestRules): boolean {
  return rules.requiredFields.length === 0 && rules.unitTreeRootId === null;
}

/**
 * The contest's rules from its stored row: known field names, deduplicated, in the order the organizer gave; the
 * names this version does not know are returned apart (the caller logs them; they cannot be checked).
 */
export function toContestRules(requiredFields: unknown, unitTreeRootId: string | null): { rules: ContestRules; unknown: string[] } {
  const list = Array.isArray(requiredFields) ? requiredFields : [];
  const known = new Set<RequirableField>();
  const unknown: string[] = [];
  for (const f of list) {
    if ((REQUIRABLE_FIELDS as readonly unknown[]).includes(f)) known.add(f as RequirableField);
    else unknown.push(String(f));
  }
  return { rules: { requiredFields: [...known], unitTreeRootId: unitTreeRootId ?? null }, unknown };
}

/**
 * Decides whether a contestant may start: every problem is listed (each missing field, then the unit outside the
 * contest's tree), so the contestant can fix their profile at once. `profile` null: no profile is known for the
 * token's subject (or the account is gone).
 */
export function decideEligibility(rules: ContestRules, profile: ContestantProfile | null): EligibilityDecision {
  if (isOpenToAll(rules)) return ELIGIBLE;
  if (!profile) return { eligible: false, problems: [{ field: 'profile', message: 'exam.profile-not-found' }] };
  if (profile.disabled) return { eligible: false, problems: [{ field: 'account', message: 'exam.account-disabled' }] };
  const problems: EligibilityProblem[] = rules.requiredFields.filter((f) => !profile.present.has(f)).map((f) => ({ ...FIELD_PROBLEMS[f] }));
  if (rules.unitTreeRootId !== null && !problems.some((p) => p.field === FIELD_PROBLEMS.unit.field)) {
    if (profile.unitId === null) {
      problems.push({ ...FIELD_PROBLEMS.unit });
    } else if (!profile.unitInTree) {
      problems.push({ field: 'unitId', message: 'exam.unit-outside-contest' });
    }
  }
  return problems.length ? { eligible: false, problems } : ELIGIBLE;
}

/** The decision as kept in the contestant's Redis hash: 'ok', or the problems as JSON `[[field, message], …]`. */
export function encodeDecision(d: EligibilityDecision): string {
  return d.eligible ? 'ok' : JSON.stringify(d.problems.map((p) => [p.field, p.message]));
}

export function decodeDecision(encoded: string): EligibilityDecision {
  if (encoded === 'ok') return ELIGIBLE;
  try {
    const pairs = JSON.parse(encoded) as unknown;
    if (Array.isArray(pairs)) {
      const problems = pairs
        .filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')
        .map(([field, message]) => ({ field, message }));
      return { eligible: false, problems };
    }
  } catch {
    // not JSON: a refusal without a reason (e.g. an organizer's exclusion)
  }
  return { eligible: false, problems: [] };
}
