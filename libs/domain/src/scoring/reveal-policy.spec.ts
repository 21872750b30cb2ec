import fc from 'fast-check';
import { effectiveRevealPolicy, RevealPolicyName, revealLeaksKey } from './reveal-policy';

const policies: RevealPolicyName[] = ['never', 'after-submit', 'after-close'];
const settings = fc.record({
  revealPolicy: fc.constantFrom(...policies),
  practice: fc.boolean(),
  attemptsAllowed: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
});

describe(revealLeaksKey.name, () => {
  it('leaks only for a ranked round that shows the key after submit and allows another attempt', () => {
    expect(revealLeaksKey({ revealPolicy: 'after-submit', practice: false, attemptsAllowed: 3 })).toBe(true);
    expect(revealLeaksKey({ revealPolicy: 'after-submit', practice: false, attemptsAllowed: null })).toBe(true);
    expect(revealLeaksKey({ revealPolicy: 'after-submit', practice: false, attemptsAllowed: 1 })).toBe(false);
    expect(revealLeaksKey({ revealPolicy: 'after-submit', practice: true, attemptsAllowed: null })).toBe(false);
    expect(revealLeaksKey({ revealPolicy: 'after-close', practice: false, attemptsAllowed: null })).toBe(false);
  });
});

describe(effectiveRevealPolicy.name, () => {
  it('never leaks, and changes nothing for a round that does not', () => {
    fc.assert(
      fc.property(settings, (s) => {
        const effective = effectiveRevealPolicy(s);
        expect(revealLeaksKey({ ...s, revealPolicy: effective })).toBe(false);
        if (!revealLeaksKey(s)) expect(effective).toBe(s.revealPolicy);
        else expect(effective).toBe('after-close');
      }),
    );
  });
});
