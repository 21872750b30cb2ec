import type { AnswerKeyV1, BlueprintCellV1, RoundSnapshotV1, SnapshotQuestionV1 } from '@hoi-thi/contracts';
import type { QuestionContent } from '../questions/question-rules';
import { toVnIso } from '../common/vn-time';
import type { RoundRow } from './rounds.repository';

export interface PoolVersion extends QuestionContent {
  versionId: string;
}

const matches = (cell: BlueprintCellV1, q: { topic: string; difficulty: string }) =>
  (cell.topic === '*' || cell.topic === q.topic) && (cell.difficulty === '*' || cell.difficulty === q.difficulty);

/** The pool of a round: every question version matching one of the blueprint's cells. */
export function roundPool<T extends { topic: string; difficulty: string }>(blueprint: BlueprintCellV1[], questions: T[]): T[] {
  return questions.filter((q) => blueprint.some((c) => c.count > 0 && matches(c, q)));
}

/**
 * The frozen round: the snapshot exam-session draws from (no correctness data in it) and, apart, the answer key.
 */
export function buildRoundSnapshot(
  round: RoundRow,
  pool: PoolVersion[],
  publishedAt: Date,
  keyVersion = 1,
  contestPublished = true,
): { snapshot: RoundSnapshotV1; key: AnswerKeyV1 } {
  const questions: SnapshotQuestionV1[] = pool.map((q) => ({
    id: q.versionId,
    topic: q.topic,
    difficulty: q.difficulty,
    kind: q.kind,
    text: q.text,
    options: q.options.map((o) => ({ id: o.id, text: o.text })),
    points: round.pointsPerQuestion ?? q.points,
    imageUrl: q.imageUrl,
  }));
  const key: AnswerKeyV1 = {};
  for (const q of pool) key[q.versionId] = { correctOptionIds: [...q.correctOptionIds], explanation: q.explanation };
  const p = round.prediction;
  const snapshot: RoundSnapshotV1 = {
    roundId: round.id,
    contestId: round.contestId,
    title: round.title,
    opensAt: toVnIso(round.opensAt),
    closesAt: toVnIso(round.closesAt),
    timeLimitSeconds: round.timeLimitSeconds,
    attemptsAllowed: round.attemptsAllowed,
    blueprint: round.blueprint.map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: c.count })),
    questions,
    scoring: { partialCredit: round.partialCredit },
    prediction: p.enabled
      ? { enabled: true, target: p.target, wording: p.wording, tieSide: p.tieSide, decimals: p.target === 'perfect-percentage' ? 5 : 0 }
      : null,
    rankingRule: [...round.rankingRule],
    revealPolicy: round.revealPolicy,
    practice: round.practice,
    publishedAt: toVnIso(publishedAt),
    keyVersion,
    contestPublished,
  };
  return { snapshot, key };
}
