import { DomainError } from '../errors/domain-error';
import { createRngFromState, cyrb128, cyrb128Final, deriveSeed, shuffleWith } from './rng';
import type { ShuffleOptionsOptions } from './shuffle-options';

/**
 * An attempt's option order and opaque option ids, version 2 (RNG_ALGORITHM_V2). The same properties as v1
 * (shuffleOptions + opaqueOptionId): reproducible from the attempt seed, an order per attempt and question, ids that
 * differ between attempts so two attempts of one question cannot be matched by id, and cannot be told apart from
 * random without the seed (a server secret; not a security primitive). What changed is the cost: v1 hashes a JSON
 * string of ~130 characters per option and per question; v2 hashes the seed once per attempt (attemptKeys) and each
 * id once per round (idFingerprint, cache it), then spends ~20 integer multiplications per option.
 */

/** Four unsigned 32-bit words. */
export type Words128 = readonly [number, number, number, number];

/** 64 bits standing for an id (attempt-independent: compute once per round and reuse). */
export type IdFingerprint = readonly [number, number];

/** The keys of one attempt, derived from its seed once (attemptKeys). */
export interface AttemptKeys {
  readonly ids: Words128;
  readonly order: Words128;
}

export function attemptKeys(attemptSeed: string): AttemptKeys {
  if (typeof attemptSeed !== 'string' || attemptSeed.length === 0) {
    throw new DomainError('drawing.invalid-seed', 'an attempt seed must be a non-empty string');
  }
  return { ids: cyrb128(deriveSeed('option-id/v2', attemptSeed)), order: cyrb128(deriveSeed('options/v2', attemptSeed)) };
}

export function idFingerprint(id: string): IdFingerprint {
  const [h1, h2] = cyrb128(id);
  return [h1, h2];
}

/**
 * cyrb128's rounds keyed by `k` over four 32-bit words (instead of a string's characters), then its finalisation:
 * every output bit depends on every key and input bit, non-linearly (multiplications mod 2^32 mixed with xors and
 * shifts), so outputs for two inputs under one key share no visible relation (unlike, say, input xor key).
 */
function keyedMix(k: Words128, a: number, b: number, c: number, d: number): [number, number, number, number] {
  let h1 = k[0];
  let h2 = k[1];
  let h3 = k[2];
  let h4 = k[3];
  for (let i = 0; i < 4; i += 1) {
    let w = i === 0 ? a : i === 1 ? b : i === 2 ? c : d;
    w ^= w >>> 16; // bring a word's high bits down: a product's low bits depend only on its factors' low bits
    h1 = h2 ^ Math.imul(h1 ^ w, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ w, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ w, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ w, 2716044179);
  }
  return cyrb128Final(h1, h2, h3, h4);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `value` (an integer below 36^10) as exactly 10 base36 digits, as v1's `toString(36).padStart(10, '0')`. */
function base36x10(value: number): string {
  let out = '';
  for (let i = 0; i < 10; i += 1) {
    const q = Math.floor(value / 36);
    out = DIGITS[value - q * 36] + out;
    value = q;
  }
  return out;
}

/**
 * The id a contestant sees for an option of a question in this attempt: 10 base36 characters (51 bits), the same
 * shape as v1's. The server maps it back through the attempt's hot state, or by computing it again.
 */
export function opaqueOptionIdV2(keys: AttemptKeys, question: IdFingerprint, option: IdFingerprint): string {
  const [h1, h2] = keyedMix(keys.ids, question[0], question[1], option[0], option[1]);
  return base36x10((h1 >>> 13) * 2 ** 32 + h2); // < 2^51 < 36^10
}

/**
 * This attempt's order of a question's options (a reproducible permutation; pinned options keep their place), from
 * a generator seeded by the attempt's order key and the question's fingerprint.
 */
export function shuffleOptionsV2(optionIds: readonly string[], keys: AttemptKeys, question: IdFingerprint, options: ShuffleOptionsOptions = {}): string[] {
  if (new Set(optionIds).size !== optionIds.length) {
    throw new DomainError('drawing.invalid-pool', 'option ids must be distinct', { optionIds: [...optionIds] });
  }
  const rng = createRngFromState(keyedMix(keys.order, question[0], question[1], optionIds.length, 0x6f707473));
  if (!options.keepInPlace?.length) return shuffleWith(optionIds, rng);
  const pinned = new Set(options.keepInPlace);
  const movable = optionIds.filter((id) => !pinned.has(id));
  const shuffled = shuffleWith(movable, rng);
  let next = 0;
  return optionIds.map((id) => (pinned.has(id) ? id : shuffled[next++]));
}
