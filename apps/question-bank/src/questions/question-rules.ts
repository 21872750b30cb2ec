import { randomUUID } from 'node:crypto';
import type { Difficulty, QuestionKind } from '@hoi-thi/contracts';
import { cleanText, duplicateKey } from '../common/text';
import type { QuestionErrorCode } from './questions.errors';

export const KINDS: readonly QuestionKind[] = ['single', 'multiple', 'true-false'];
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];
export const MAX_OPTIONS = 8;
export const TRUE_FALSE_OPTIONS = ['Đúng', 'Sai'];

/** A question version's content, as stored (text NFC, options with stable ids). */
export interface QuestionContent {
  kind: QuestionKind;
  text: string;
  options: { id: string; text: string }[];
  correctOptionIds: string[];
  explanation: string | null;
  topic: string;
  difficulty: Difficulty;
  article: string | null;
  imageUrl: string | null;
  points: number;
}

/** What a client or a file row gives: options by text (ids kept when given), correct ones by flag. */
export interface QuestionDraft {
  kind: string;
  text: string;
  options: { id?: string; text: string; correct?: boolean }[];
  explanation?: string | null;
  topic: string;
  difficulty: string;
  article?: string | null;
  imageUrl?: string | null;
  points?: number | null;
}

export interface FieldIssue {
  field: string;
  key: QuestionErrorCode;
}

const optional = (s: string | null | undefined): string | null => {
  const v = s == null ? '' : cleanText(s);
  return v === '' ? null : v;
};

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 2000;
  } catch {
    return false;
  }
}

/**
 * Checks a draft against the bank's rules and turns it into stored content (NFC, ids for new options).
 * `knownOptionIds`: ids the previous version had (an edit keeps an option's id; unknown ids are refused).
 */
export function buildQuestionContent(
  draft: QuestionDraft,
  knownOptionIds: ReadonlySet<string> = new Set(),
  newId: () => string = randomUUID,
): { content?: QuestionContent; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const text = cleanText(draft.text ?? '');
  if (!text) issues.push({ field: 'text', key: 'question.text.empty' });
  else if (text.length > 2000) issues.push({ field: 'text', key: 'question.text.too-long' });
  const kind = draft.kind as QuestionKind;
  if (!KINDS.includes(kind)) issues.push({ field: 'kind', key: 'question.kind.invalid' });
  const topic = cleanText(draft.topic ?? '');
  if (!topic || topic.length > 200 || topic === '*') issues.push({ field: 'topic', key: 'question.topic.empty' });
  const difficulty = draft.difficulty as Difficulty;
  if (!DIFFICULTIES.includes(difficulty)) issues.push({ field: 'difficulty', key: 'question.difficulty.invalid' });

  const rawOptions = draft.options ?? [];
  if (rawOptions.length < 2 || rawOptions.length > MAX_OPTIONS) issues.push({ field: 'options', key: 'question.options.count' });
  const seen = new Set<string>();
  const seenIds = new Set<string>();
  const options = rawOptions.map((o, i) => {
    const t = cleanText(o.text ?? '');
    const key = duplicateKey(t);
    if (!t || t.length > 1000) issues.push({ field: `options[${i}].text`, key: 'question.options.empty' });
    else if (seen.has(key)) issues.push({ field: `options[${i}].text`, key: 'question.options.duplicate' });
    seen.add(key);
    let id = o.id;
    if (id !== undefined && (!knownOptionIds.has(id) || seenIds.has(id))) {
      issues.push({ field: `options[${i}].id`, key: 'question.options.unknown-id' });
      id = undefined;
    }
    id = id ?? newId();
    seenIds.add(id);
    return { id, text: t, correct: o.correct === true };
  });
  const correct = options.filter((o) => o.correct).map((o) => o.id);
  if (options.length >= 2 && KINDS.includes(kind)) {
    if (correct.length === 0) issues.push({ field: 'options', key: 'question.correct.missing' });
    else if (kind === 'single' && correct.length !== 1) issues.push({ field: 'options', key: 'question.correct.single' });
    else if (kind === 'true-false' && (options.length !== 2 || correct.length !== 1)) issues.push({ field: 'options', key: 'question.correct.true-false' });
  }
  const explanation = optional(draft.explanation);
  if (explanation && explanation.length > 4000) issues.push({ field: 'explanation', key: 'question.explanation.too-long' });
  const article = optional(draft.article);
  if (article && article.length > 500) issues.push({ field: 'article', key: 'question.article.too-long' });
  const imageUrl = draft.imageUrl == null || draft.imageUrl.trim() === '' ? null : draft.imageUrl.trim();
  if (imageUrl && !isHttpUrl(imageUrl)) issues.push({ field: 'imageUrl', key: 'question.image-url.invalid' });
  const points = draft.points ?? 1;
  if (!Number.isInteger(points) || points < 1 || points > 100) issues.push({ field: 'points', key: 'question.points.invalid' });
  if (issues.length) return { issues };
  return {
    issues,
    content: {
      kind,
      text,
      options: options.map(({ id, text: t }) => ({ id, text: t })),
      correctOptionIds: correct,
      explanation,
      topic,
      difficulty,
      article,
      imageUrl,
      points,
    },
  };
}

/** True when two contents are the same question (used by the export–import round trip and no-op edits). */
export function sameContent(a: QuestionContent, b: QuestionContent): boolean {
  const strip = (c: QuestionContent) => [
    c.kind,
    c.text,
    c.options.map((o) => o.text),
    c.options.filter((o) => c.correctOptionIds.includes(o.id)).map((o) => o.text),
    c.explanation,
    c.topic,
    c.difficulty,
    c.article,
    c.imageUrl,
    c.points,
  ];
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
