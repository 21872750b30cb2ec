import { DomainError } from '../errors/domain-error';

/**
 * Seeded, reproducible randomness for draws. NOT a security primitive: it is unpredictable only
 * because the seed is (a server-side secret recorded with the attempt).
 *
 * Algorithm (frozen — changing it breaks the replay of recorded draws; bump the version if you must):
 * the seed string is hashed by cyrb128 into four 32-bit words that seed sfc32; the first 15 outputs
 * are discarded.
 */
export const RNG_ALGORITHM = 'sfc32+cyrb128/v1';

/**
 * Version 2 of an attempt's option order and opaque option ids (attempt-options.ts): the same generator and the
 * same question draw as v1, with the attempt seed hashed once into keys and each option's order and id derived
 * from those keys and the ids' fingerprints by a few multiplications, instead of hashing a long string per option.
 * An attempt records the version it was drawn with; v1 stays as it is for the attempts recorded with it.
 */
export const RNG_ALGORITHM_V2 = 'sfc32+cyrb128/v2';

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, maxExclusive), unbiased; 1 ≤ maxExclusive ≤ 2^32. */
  nextInt(maxExclusive: number): number;
}

/** cyrb128: a fast 128-bit non-cryptographic string hash, as four unsigned 32-bit words. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  return cyrb128Final(h1, h2, h3, h4);
}

/** cyrb128's finalisation of its four running words (shared with the keyed mix of option ids v2). */
export function cyrb128Final(h1: number, h2: number, h3: number, h4: number): [number, number, number, number] {
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 128-bit state. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

const TWO_32 = 2 ** 32;

/** A generator fully determined by `seed` (a non-empty string). */
export function createRng(seed: string): Rng {
  if (typeof seed !== 'string' || seed.length === 0) {
    throw new DomainError('drawing.invalid-seed', 'a seed must be a non-empty string');
  }
  return createRngFromState(cyrb128(seed));
}

/**
 * A generator from a 128-bit state (four 32-bit words, e.g. a hash's output): sfc32 with the same 15 outputs
 * discarded as createRng, which is `createRngFromState(cyrb128(seed))`.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  const nextUint32 = sfc32(state[0], state[1], state[2], state[3]);
  for (let i = 0; i < 15; i += 1) nextUint32();
  return {
    nextUint32,
    next: () => nextUint32() / TWO_32,
    nextInt: (maxExclusive) => {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_32) {
        throw new DomainError('drawing.invalid-seed', 'nextInt needs an integer bound in 1..2^32', { maxExclusive });
      }
      // Rejection sampling: drop the top remainder so every value is equally likely.
      const limit = TWO_32 - (TWO_32 % maxExclusive);
      let value = nextUint32();
      while (value >= limit) value = nextUint32();
      return value % maxExclusive;
    },
  };
}

/** Joins seed parts unambiguously (['a:b','c'] and ['a','b:c'] differ), e.g. deriveSeed(attemptSeed, questionId). */
export function deriveSeed(...parts: string[]): string {
  return JSON.stringify(parts);
}

/** A Fisher–Yates shuffle driven by `rng`; returns a new array. */
export function shuffleWith<T>(items: readonly T[], rng: Rng): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = rng.nextInt(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
