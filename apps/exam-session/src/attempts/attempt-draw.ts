import {
  attemptKeys,
  deriveSeed,
  drawFromPlan,
  opaqueOptionId,
  opaqueOptionIdV2,
  RNG_ALGORITHM,
  RNG_ALGORITHM_V2,
  shuffleOptions,
  shuffleOptionsV2,
} from '@hoi-thi/domain';
import { QuestionKind } from '@hoi-thi/contracts';
import { PublishedRound } from '../rounds/published-round';

/** One drawn question: its frozen version id and its options' real ids in the order this attempt shows them. */
export interface DrawnQuestion {
  id: string;
  options: string[];
}

/**
 * What is recorded with the attempt (PostgreSQL `draw`) so the draw can be replayed and audited. `rng` names the
 * version the attempt was drawn with, which also decides its opaque option ids: `sfc32+cyrb128/v1` (the attempts
 * recorded before v2; any unknown label is read as v1) or `sfc32+cyrb128/v2` (new attempts).
 */
export interface AttemptDraw {
  rng: string;
  questions: DrawnQuestion[];
}

/** The version new attempts are drawn with. */
export const CURRENT_DRAW_VERSION = RNG_ALGORITHM_V2;

/**
 * Draws the attempt's questions from the round's blueprint and orders each question's options, from `seed`. The
 * questions drawn are the same in both versions; v2 orders the options from keys derived once per attempt.
 */
export function drawAttempt(round: PublishedRound, seed: string, version: string = CURRENT_DRAW_VERSION): AttemptDraw {
  const ids = drawFromPlan(round.drawPlan(), seed);
  const optionIdsOf = (id: string) => {
    const q = round.questions.get(id);
    if (!q) throw new Error(`drawn question ${id} is not in the snapshot`);
    return q.options.map((o) => o.id);
  };
  if (version === RNG_ALGORITHM_V2) {
    const keys = attemptKeys(seed);
    return { rng: RNG_ALGORITHM_V2, questions: ids.map((id) => ({ id, options: shuffleOptionsV2(optionIdsOf(id), keys, round.fingerprint(id)) })) };
  }
  return { rng: RNG_ALGORITHM, questions: ids.map((id) => ({ id, options: shuffleOptions(optionIdsOf(id), deriveSeed(seed, id)) })) };
}

/** The option ids a contestant sees, for real option ids of a question, in one attempt. */
export type OpaqueIds = (questionId: string, realIds: readonly string[]) => string[];

/** The opaque ids of an attempt, by the version it was drawn with (its keys derived once). */
export function opaqueIdsOf(round: PublishedRound, seed: string, draw: Pick<AttemptDraw, 'rng'>): OpaqueIds {
  if (draw.rng === RNG_ALGORITHM_V2) {
    const keys = attemptKeys(seed);
    return (questionId, realIds) => {
      const q = round.fingerprint(questionId);
      return realIds.map((real) => opaqueOptionIdV2(keys, q, round.fingerprint(real)));
    };
  }
  return (questionId, realIds) => toOpaque(seed, questionId, realIds);
}

/** Every drawn question's opaque option ids (in shown order), computed once for a start. */
export function opaqueOfDraw(round: PublishedRound, seed: string, draw: AttemptDraw): Map<string, string[]> {
  const ids = opaqueIdsOf(round, seed, draw);
  return new Map(draw.questions.map((q) => [q.id, ids(q.id, q.options)]));
}

/**
 * The per-question option map kept in the attempt's hot state (`o:<questionId>`): the kind, then
 * opaque id → real id pairs, as a flat JSON array `[kind, opaque1, real1, opaque2, real2, …]`.
 */
export function encodeOptionMap(kind: QuestionKind, q: DrawnQuestion, opaque: readonly string[]): string {
  const flat: string[] = [kind];
  q.options.forEach((real, i) => flat.push(opaque[i], real));
  return JSON.stringify(flat);
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

/** The v1 option ids a contestant sees for `realIds` of a question (attempts drawn with `sfc32+cyrb128/v1`). */
export function toOpaque(seed: string, questionId: string, realIds: readonly string[]): string[] {
  return realIds.map((real) => opaqueOptionId(seed, questionId, real));
}
