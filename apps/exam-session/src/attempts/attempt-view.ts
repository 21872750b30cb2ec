import { AnswerKeyV1, AttemptResultV1, AttemptStatus, AttemptV1, ReviewQuestionV1 } from '@hoi-thi/contracts';
import { PublishedRound } from '../rounds/published-round';
import { AttemptDraw, OpaqueIds, opaqueIdsOf } from './attempt-draw';

export interface ViewInput {
  id: string;
  roundId: string;
  attemptNo: number;
  status: AttemptStatus;
  startedAt: Date;
  deadline: Date;
  seed: string;
  draw: AttemptDraw;
  answers: { questionId: string; optionIds: readonly string[]; seq: number }[];
  result: AttemptResultV1 | null;
}

/** The contestant's view of an attempt: questions in drawn order, options shuffled with opaque ids, no key. */
export function toAttemptView(round: PublishedRound, a: ViewInput, now: Date, opaqueIds?: Map<string, string[]>): AttemptV1 {
  const ids = opaqueIdsOf(round, a.seed, a.draw);
  return {
    attemptId: a.id,
    roundId: a.roundId,
    attemptNo: a.attemptNo,
    status: a.status,
    startedAt: a.startedAt.toISOString(),
    deadline: a.deadline.toISOString(),
    serverNow: now.toISOString(),
    questions: a.draw.questions.map((d) => {
      const q = round.questions.get(d.id);
      const text = new Map((q?.options ?? []).map((o) => [o.id, o.text]));
      const opaque = opaqueIds?.get(d.id) ?? ids(d.id, d.options);
      return {
        id: d.id,
        text: q?.text ?? '',
        kind: q?.kind ?? 'single',
        points: q?.points ?? 1,
        imageUrl: q?.imageUrl ?? null,
        options: d.options.map((real, i) => ({ id: opaque[i], text: text.get(real) ?? '' })),
      };
    }),
    answers: a.answers.map((x) => ({ questionId: x.questionId, optionIds: ids(x.questionId, x.optionIds), seq: x.seq })),
    prediction: round.snapshot.prediction?.enabled ? { wording: round.snapshot.prediction.wording, decimals: round.snapshot.prediction.decimals } : null,
    result: a.result,
  };
}

/** Questions with the key and explanations (opaque ids of this attempt, `ids`), for the review screen. */
export function toReview(key: AnswerKeyV1, view: AttemptV1, ids: OpaqueIds, chosen: Map<string, readonly string[]>): ReviewQuestionV1[] {
  return view.questions.map((q) => {
    const k = key[q.id];
    const right = ids(q.id, k?.correctOptionIds ?? []);
    const mine = ids(q.id, chosen.get(q.id) ?? []);
    const correct = right.length > 0 && right.length === mine.length && right.every((id) => mine.includes(id));
    return { ...q, correctOptionIds: right, chosenOptionIds: mine, correct, explanation: k?.explanation ?? null };
  });
}
