import { AnswerKeyV1, AttemptResultV1, AttemptSubmittedV1 } from '@hoi-thi/contracts';
import { AttemptScore, scoreAttempt } from '@hoi-thi/domain';
import { PublishedRound } from '../rounds/published-round';
import { AttemptDraw } from '../attempts/attempt-draw';

/** Scores a drawn attempt against a key: the round's questions give kinds and points, the key the right options. */
export function scoreDraw(
  round: PublishedRound,
  key: AnswerKeyV1,
  draw: Pick<AttemptDraw, 'questions'> | readonly string[],
  answers: ReadonlyMap<string, readonly string[]>,
): AttemptScore {
  const ids = Array.isArray(draw) ? (draw as readonly string[]) : (draw as AttemptDraw).questions.map((q) => q.id);
  return scoreAttempt(
    ids.map((id) => {
      const q = round.questions.get(id);
      return { id, kind: q?.kind ?? 'single', points: q?.points ?? 1, correctOptionIds: key[id]?.correctOptionIds ?? [] };
    }),
    answers,
    { partialCredit: round.snapshot.scoring?.partialCredit ?? 'all-or-nothing' },
  );
}

/**
 * A prediction as the canonical decimal string: no leading '+', no leading zeros, no trailing fractional zeros,
 * at most 5 decimals and 15 integer digits (numeric(20,5)); null when absent. Throws on anything else.
 */
export function normalizePrediction(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('prediction');
    s = String(value);
    if (/e/i.test(s)) s = value.toFixed(5);
  } else if (typeof value === 'string') s = value.trim();
  else throw new RangeError('prediction');
  const m = /^(-?)(\d{1,15})(?:\.(\d{1,5}))?$/.exec(s) ?? /^(-?)(\d{1,15})\.(\d{1,5})0*$/.exec(s);
  if (!m) throw new RangeError('prediction');
  const int = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return m[1] && out !== '0' ? `-${out}` : out;
}

export function toEvent(
  r: AttemptResultV1,
  who: { contestantId: string; unitId: string | null; province: string | null },
  regraded = false,
): AttemptSubmittedV1 {
  const e: AttemptSubmittedV1 = {
    attemptId: r.attemptId,
    roundId: r.roundId,
    contestantId: who.contestantId,
    unitId: who.unitId,
    province: who.province,
    correct: r.correct,
    points: r.points,
    total: r.total,
    durationMs: r.durationMs,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
    prediction: r.prediction,
  };
  if (regraded) e.regraded = true;
  return e;
}
