import { deriveSeed, drawQuestions, opaqueOptionId, RNG_ALGORITHM, shuffleOptions } from '@hoi-thi/domain';
import { QuestionKind } from '@hoi-thi/contracts';
import { PublishedRound } from '../rounds/published-round';

/** One drawn question: its frozen version id and its options' real ids in the order this attempt shows them. */
export interface DrawnQuestion {
  id: string;
  options: string[];
}

/** What is recorded with the attempt (PostgreSQL `draw`) so the draw can be replayed and audited. */
export interface AttemptDraw {
  rng: string;
  questions: DrawnQuestion[];
}

/** Draws the attempt's questions from the round's blueprint and shuffles each question's options, from `seed`. */
export function drawAttempt(round: PublishedRound, seed: string): AttemptDraw {
  const ids = drawQuestions(round.pool, round.snapshot.blueprint, seed);
  return {
    rng: RNG_ALGORITHM,
    questions: ids.map((id) => {
      const q = round.questions.get(id);
      if (!q) throw new Error(`drawn question ${id} is not in the snapshot`);
      return { id, options: shuffleOptions(q.options.map((o) => o.id), deriveSeed(seed, id)) };
    }),
  };
}

/**
 * The per-question option map kept in the attempt's hot state (`o:<questionId>`): the kind, then
 * opaque id → real id pairs, as a flat JSON array `[kind, opaque1, real1, opaque2, real2, …]`.
 */
export function encodeOptionMap(seed: string, kind: QuestionKind, q: DrawnQuestion, opaque: readonly string[] = toOpaque(seed, q.id, q.options)): string {
  const flat: string[] = [kind];
  q.options.forEach((real, i) => flat.push(opaque[i], real));
  return JSON.stringify(flat);
}

/** Every drawn question's opaque option ids (in shown order), computed once for a start. */
export function opaqueOfDraw(seed: string, draw: AttemptDraw): Map<string, string[]> {
  return new Map(draw.questions.map((q) => [q.id, toOpaque(seed, q.id, q.options)]));
}

export interface OptionMap {
  kind: QuestionKind;
  /** opaque → real */
  toReal: Map<string, string>;
}

export function decodeOptionMap(encoded: string): OptionMap {
  const flat = JSON.parse(encoded) as string[];
  const toReal = new Map<string, string>();
  for (let i = 1; i + 1 < flat.length; i += 2) toReal.set(flat[i], flat[i + 1]);
  return { kind: flat[0] as QuestionKind, toReal };
}

/** The option ids a contestant sees for `realIds` of a question in this attempt. */
export function toOpaque(seed: string, questionId: string, realIds: readonly string[]): string[] {
  return realIds.map((real) => opaqueOptionId(seed, questionId, real));
}
