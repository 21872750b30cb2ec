import { AnswerKeyV1, RoundSnapshotV1, SnapshotQuestionV1 } from '@hoi-thi/contracts';
import { prepareQuestionPool, QuestionPool } from '@hoi-thi/domain';

/** A published round as exam-session uses it: the frozen snapshot, its key, and indexes built once. */
export interface PublishedRound {
  snapshot: RoundSnapshotV1;
  key: AnswerKeyV1;
  questions: Map<string, SnapshotQuestionV1>;
  pool: QuestionPool;
  opensAtMs: number;
  closesAtMs: number;
}

export function toPublishedRound(snapshot: RoundSnapshotV1, key: AnswerKeyV1): PublishedRound {
  return {
    snapshot,
    key,
    questions: new Map(snapshot.questions.map((q) => [q.id, q])),
    pool: prepareQuestionPool(snapshot.questions.map((q) => ({ id: q.id, topic: q.topic, difficulty: q.difficulty }))),
    opensAtMs: Date.parse(snapshot.opensAt),
    closesAtMs: Date.parse(snapshot.closesAt),
  };
}
