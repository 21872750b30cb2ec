/** When a contestant may see the key and the correctness of their submitted attempt. */
export type RevealPolicyName = 'never' | 'after-submit' | 'after-close';

export interface RevealSettings {
  revealPolicy: RevealPolicyName;
  practice: boolean;
  /** null: unlimited. */
  attemptsAllowed: number | null;
}

/**
 * A ranked round that allows more than one attempt must not show the key right after a submission: attempt 1's
 * review would hand attempt 2 full marks. A practice round ranks no one, and one attempt leaves nothing to gain.
 */
export function revealLeaksKey(r: RevealSettings): boolean {
  return r.revealPolicy === 'after-submit' && !r.practice && (r.attemptsAllowed === null || r.attemptsAllowed > 1);
}

/**
 * The policy a review obeys: the round's own, except that a round which would leak the key between attempts (one
 * saved before question-bank refused the combination) holds its reviews until it closes.
 */
export function effectiveRevealPolicy(r: RevealSettings): RevealPolicyName {
  return revealLeaksKey(r) ? 'after-close' : r.revealPolicy;
}
