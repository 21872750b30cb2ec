import { DomainError } from '../errors/domain-error';

export type QuestionKind = 'single' | 'multiple' | 'true-false';

export interface ScorableQuestion {
  id: string;
  kind: QuestionKind;
  correctOptionIds: readonly string[];
  /** Non-negative integer weight; default 1. */
  points?: number;
}

/** questionId → chosen option ids (order and duplicates do not matter). */
export type AnswerMap = Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>;

/**
 * How a multiple-choice question with some right and some wrong picks is scored. Single-choice and
 * true/false questions are always all-or-nothing. Partial credit is rounded DOWN to whole points, so
 * scores stay integers (the live score encodes integer points): give a multiple-choice question at least
 * as many points as it has correct options for partial credit to show.
 * - 'all-or-nothing' (default): full points iff the chosen set equals the correct set;
 * - 'proportional': floor(points · max(0, right − wrong) / |correct|);
 * - 'none-if-any-wrong': floor(points · right / |correct|) when no wrong option is chosen, else 0.
 */
export type PartialCreditPolicy = 'all-or-nothing' | 'proportional' | 'none-if-any-wrong';

export const PARTIAL_CREDIT_POLICIES: readonly PartialCreditPolicy[] = ['all-or-nothing', 'proportional', 'none-if-any-wrong'];

export interface ScoringOptions {
  partialCredit?: PartialCreditPolicy;
}

export interface QuestionScore {
  questionId: string;
  /** Some option was chosen. */
  answered: boolean;
  /** The chosen set equals the correct set. */
  correct: boolean;
  points: number;
}

export interface AttemptScore {
  /** Questions answered fully correctly. */
  correct: number;
  /** Points earned (integer). */
  points: number;
  /** Questions in the attempt. */
  total: number;
  maxPoints: number;
  /** In the order of `questions`. */
  perQuestion: QuestionScore[];
}

function invalidQuestion(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('scoring.invalid-question', message, details);
}

function chosenFor(answers: AnswerMap, questionId: string): readonly string[] | undefined {
  if (answers instanceof Map) return answers.get(questionId);
  return Object.prototype.hasOwnProperty.call(answers, questionId) ? (answers as Readonly<Record<string, readonly string[]>>)[questionId] : undefined;
}

/**
 * Scores an attempt against its answer key. Answers to questions not in `questions` are ignored
 * (membership is checked when an answer is saved); unknown option ids count as wrong picks.
 * Throws `scoring.invalid-question` on a malformed key and `scoring.invalid-answer` on a malformed answer.
 */
export function scoreAttempt(questions: readonly ScorableQuestion[], answers: AnswerMap, options: ScoringOptions = {}): AttemptScore {
  const policy = options.partialCredit ?? 'all-or-nothing';
  if (!PARTIAL_CREDIT_POLICIES.includes(policy)) {
    throw new DomainError('scoring.invalid-question', `unknown partial credit policy ${String(policy)}`, { policy });
  }
  if (answers === null || typeof answers !== 'object') {
    throw new DomainError('scoring.invalid-answer', 'answers must be a map of question id to option ids');
  }
  const seen = new Set<string>();
  const perQuestion = questions.map((question): QuestionScore & { max: number } => {
    const { id, kind, correctOptionIds } = question;
    const max = question.points ?? 1;
    if (typeof id !== 'string' || id.length === 0 || seen.has(id)) {
      throw invalidQuestion('question ids must be distinct non-empty strings', { questionId: id });
    }
    seen.add(id);
    if (!Number.isSafeInteger(max) || max < 0) {
      throw invalidQuestion('points must be a non-negative integer', { questionId: id, points: max });
    }
    const key = new Set(Array.isArray(correctOptionIds) ? correctOptionIds : []);
    if (key.size === 0 || key.size !== correctOptionIds.length) {
      throw invalidQuestion('correctOptionIds must be a non-empty list of distinct ids', { questionId: id });
    }
    if (kind !== 'single' && kind !== 'true-false' && kind !== 'multiple') {
      throw invalidQuestion(`unknown question kind ${String(kind)}`, { questionId: id, kind });
    }
    if (kind !== 'multiple' && key.size !== 1) {
      throw invalidQuestion(`a ${kind} question has exactly one correct option`, { questionId: id });
    }

    const raw = chosenFor(answers, id);
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      throw new DomainError('scoring.invalid-answer', 'an answer is a list of option ids', { questionId: id });
    }
    const chosen = new Set(raw ?? []);
    let right = 0;
    for (const option of chosen) if (key.has(option)) right += 1;
    const wrong = chosen.size - right;
    const correct = wrong === 0 && right === key.size;

    let points = correct ? max : 0;
    if (!correct && kind === 'multiple' && policy !== 'all-or-nothing') {
      const credited = policy === 'proportional' ? Math.max(0, right - wrong) : wrong === 0 ? right : 0;
      points = Math.floor((max * credited) / key.size);
    }
    return { questionId: id, answered: chosen.size > 0, correct, points, max };
  });

  return {
    correct: perQuestion.filter((q) => q.correct).length,
    points: perQuestion.reduce((sum, q) => sum + q.points, 0),
    total: perQuestion.length,
    maxPoints: perQuestion.reduce((sum, q) => sum + q.max, 0),
    perQuestion: perQuestion.map(({ questionId, answered, correct, points }) => ({ questionId, answered, correct, points })),
  };
}
