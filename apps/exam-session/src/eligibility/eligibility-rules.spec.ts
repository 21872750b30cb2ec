import fc from 'fast-check';
import {
  ContestantProfile,
  ContestRules,
  decideEligibility,
  decodeDecision,
  ELIGIBLE,
  encodeDecision,
  FIELD_PROBLEMS,
  REQUIRABLE_FIELDS,
  RequirableField,
  toContestRules,
} from './eligibility-rules';

const ROOT = '00000000-0000-4000-8000-0000000000aa';
const UNIT = '00000000-0000-4000-8000-0000000000bb';

const profile = (o: Partial<ContestantProfile> = {}): ContestantProfile => ({
  disabled: false,
  present: new Set(REQUIRABLE_FIELDS),
  unitId: UNIT,
  unitInTree: true,
  ...o,
});
const rules = (requiredFields: RequirableField[], unitTreeRootId: string | null = null): ContestRules => ({ requiredFields, unitTreeRootId });

describe(decideEligibility.name, () => {
  it('lets anyone in when the contest asks nothing, even without a known profile', () => {
    expect(decideEligibility(rules([]), null)).toEqual(ELIGIBLE);
    expect(decideEligibility(rules([]), profile({ present: new Set() }))).toEqual(ELIGIBLE);
  });

  it('lets in a profile holding every required field', () => {
    expect(decideEligibility(rules(['province', 'unit', 'category']), profile({ present: new Set(['province', 'unit', 'category']) }))).toEqual(ELIGIBLE);
  });

  it('names every missing field with its profile name, in the order the contest lists them', () => {
    const d = decideEligibility(rules(['citizenId', 'province', 'unit']), profile({ present: new Set(['province']), unitId: null }));
    expect(d).toEqual({
      eligible: false,
      problems: [
        { field: 'citizenId', message: 'exam.profile-citizen-id-missing' },
        { field: 'unitId', message: 'exam.profile-unit-missing' },
      ],
    });
  });

  it("refuses a unit outside the contest's tree, and a missing unit when the contest has a tree", () => {
    expect(decideEligibility(rules([], ROOT), profile({ unitInTree: false }))).toEqual({
      eligible: false,
      problems: [{ field: 'unitId', message: 'exam.unit-outside-contest' }],
    });
    expect(decideEligibility(rules([], ROOT), profile({ unitId: null, unitInTree: false }))).toEqual({
      eligible: false,
      problems: [{ field: 'unitId', message: 'exam.profile-unit-missing' }],
    });
    // Listed once when the contest also requires the unit.
    expect(decideEligibility(rules(['unit'], ROOT), profile({ unitId: null, unitInTree: false, present: new Set() }))).toEqual({
      eligible: false,
      problems: [{ field: 'unitId', message: 'exam.profile-unit-missing' }],
    });
    expect(decideEligibility(rules(['unit'], ROOT), profile())).toEqual(ELIGIBLE);
  });

  it('refuses an unknown or disabled account when the contest has rules', () => {
    expect(decideEligibility(rules(['unit']), null)).toEqual({ eligible: false, problems: [{ field: 'profile', message: 'exam.profile-not-found' }] });
    expect(decideEligibility(rules([], ROOT), profile({ disabled: true }))).toEqual({
      eligible: false,
      problems: [{ field: 'account', message: 'exam.account-disabled' }],
    });
  });

  it('is eligible exactly when every required field is present and the unit is in the tree (property)', () => {
    const fields = fc.subarray([...REQUIRABLE_FIELDS]);
    fc.assert(
      fc.property(fields, fields, fc.boolean(), fc.boolean(), fc.boolean(), (required, present, tree, hasUnit, inTree) => {
        const held = new Set([...present.filter((f) => f !== 'unit'), ...(hasUnit ? ['unit' as const] : [])]);
        const p = profile({ present: held, unitId: hasUnit ? UNIT : null, unitInTree: hasUnit && inTree });
        const d = decideEligibility(rules(required, tree ? ROOT : null), p);
        const missing = required.filter((f) => !held.has(f));
        const treeOk = !tree || (hasUnit && inTree);
        expect(d.eligible).toBe(missing.length === 0 && treeOk);
        if (!d.eligible) {
          for (const f of missing) expect(d.problems).toContainEqual(FIELD_PROBLEMS[f]);
          expect(new Set(d.problems.map((x) => x.field)).size).toBe(d.problems.length);
        }
      }),
    );
  });
});

describe(toContestRules.name, () => {
  it('keeps known fields once, in order, and returns unknown ones apart', () => {
    expect(toContestRules(['unit', 'passport', 'province', 'unit'], ROOT)).toEqual({
      rules: { requiredFields: ['unit', 'province'], unitTreeRootId: ROOT },
      unknown: ['passport'],
    });
    expect(toContestRules(null, null)).toEqual({ rules: { requiredFields: [], unitTreeRootId: null }, unknown: [] });
  });
});

describe(encodeDecision.name, () => {
  it('round-trips decisions, and reads anything else as a refusal without reasons', () => {
    expect(decodeDecision(encodeDecision(ELIGIBLE))).toEqual(ELIGIBLE);
    const refusal = { eligible: false as const, problems: [{ field: 'unitId', message: 'exam.unit-outside-contest' }] };
    expect(decodeDecision(encodeDecision(refusal))).toEqual(refusal);
    expect(decodeDecision('')).toEqual({ eligible: false, problems: [] });
    expect(decodeDecision('{"x":1}')).toEqual({ eligible: false, problems: [] });
  });
});
