import { DomainError } from '../errors/domain-error';
import { createRng, cyrb128, deriveSeed, shuffleWith } from './rng';

export interface ShuffleOptionsOptions {
  /** Options that keep their position (e.g. "Cả A, B, C đều đúng"); the others are shuffled around them. */
  keepInPlace?: readonly string[];
}

/**
 * A reproducible permutation of a question's options. Derive the seed per attempt and question,
 * e.g. `deriveSeed(attemptSeed, questionId)`, so each attempt gets its own order.
 */
export function shuffleOptions(optionIds: readonly string[], seed: string, options: ShuffleOptionsOptions = {}): string[] {
  if (new Set(optionIds).size !== optionIds.length) {
    throw new DomainError('drawing.invalid-pool', 'option ids must be distinct', { optionIds: [...optionIds] });
  }
  const pinned = new Set(options.keepInPlace ?? []);
  const movable = optionIds.filter((id) => !pinned.has(id));
  const shuffled = shuffleWith(movable, createRng(deriveSeed('options', seed)));
  let next = 0;
  return optionIds.map((id) => (pinned.has(id) ? id : shuffled[next++]));
}

/**
 * A short opaque option id (10 base36 chars, 51 bits of a cyrb128 hash of the inputs) so two attempts'
 * option ids cannot be matched. Not a security primitive: it is unguessable only because the attempt
 * seed is a server secret. The server maps it back by hashing the question's options again.
 */
export function opaqueOptionId(attemptSeed: string, questionId: string, optionId: string): string {
  if (typeof attemptSeed !== 'string' || attemptSeed.length === 0) {
    throw new DomainError('drawing.invalid-seed', 'an attempt seed must be a non-empty string');
  }
  const [h1, h2] = cyrb128(deriveSeed('option-id', attemptSeed, questionId, optionId));
  const value = (h1 >>> 13) * 2 ** 32 + h2; // < 2^51 < 36^10
  return value.toString(36).padStart(10, '0');
}
