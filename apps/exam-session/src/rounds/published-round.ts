import { AnswerKeyV1, isContestPublished, RoundSnapshotV1, SnapshotQuestionV1 } from '@hoi-thi/contracts';
import { DrawPlan, idFingerprint, IdFingerprint, prepareDraw, prepareQuestionPool, QuestionPool } from '@hoi-thi/domain';

/** A published round as exam-session uses it: the frozen snapshot, its key, and indexes built once. */
export interface PublishedRound {
  snapshot: RoundSnapshotV1;
  key: AnswerKeyV1;
  questions: Map<string, SnapshotQuestionV1>;
  pool: QuestionPool;
  opensAtMs: number;
  closesAtMs: number;
  /** false: the round's contest is not (or no longer) published, so no one may start an attempt (RoundSnapshotV1.contestPublished). */
  contestPublished: boolean;
  /** The blueprint checked against the pool, built at the first draw (throws as drawQuestions would). */
  drawPlan(): DrawPlan;
  /** An id's fingerprint for the v2 option order and opaque ids, computed once per round and id. */
  fingerprint(id: string): IdFingerprint;
}

export function toPublishedRound(snapshot: RoundSnapshotV1, key: AnswerKeyV1): PublishedRound {
  const pool = prepareQuestionPool(snapshot.questions.map((q) => ({ id: q.id, topic: q.topic, difficulty: q.difficulty })));
  let plan: DrawPlan | undefined;
  const prints = new Map<string, IdFingerprint>();
  return {
    snapshot,
    key,
    questions: new Map(snapshot.questions.map((q) => [q.id, q])),
    pool,
    opensAtMs: Date.parse(snapshot.opensAt),
    closesAtMs: Date.parse(snapshot.closesAt),
    contestPublished: isContestPublished(snapshot),
    drawPlan: () => (plan ??= prepareDraw(pool, snapshot.blueprint)),
    fingerprint: (id) => {
      let p = prints.get(id);
      if (!p) {
        p = idFingerprint(id);
        if (prints.size < 100_000) prints.set(id, p);
      }
      return p;
    },
  };
}
