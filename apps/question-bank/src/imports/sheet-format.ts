import type { QuestionContent, QuestionDraft } from '../questions/question-rules';
import { TRUE_FALSE_OPTIONS } from '../questions/question-rules';
import { searchKey } from '../common/text';
import type { QuestionErrorCode } from '../questions/questions.errors';

/**
 * The import/export sheet (XLSX and CSV share it). One question per row, first row = headers. Header names
 * are matched loosely (Vietnamese or English, with or without diacritics), so the template's headers, the
 * English keys and the Vietnamese words all work. See apps/question-bank/README.md.
 */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type ColumnKey =
  'topic' | 'difficulty' | 'kind' | 'text' | (typeof OPTION_LETTERS)[number] | 'correct' | 'explanation' | 'article' | 'imageUrl' | 'points';

export const COLUMNS: { key: ColumnKey; label: string; aliases: string[] }[] = [
  { key: 'topic', label: 'Chủ đề (topic)', aliases: ['chu de', 'topic'] },
  { key: 'difficulty', label: 'Mức độ (difficulty)', aliases: ['muc do', 'do kho', 'difficulty'] },
  { key: 'kind', label: 'Loại câu (kind)', aliases: ['loai cau', 'loai', 'kind', 'type'] },
  { key: 'text', label: 'Câu hỏi (text)', aliases: ['cau hoi', 'noi dung', 'text', 'question'] },
  ...OPTION_LETTERS.map((l) => ({ key: l, label: `Phương án ${l}`, aliases: [`phuong an ${l.toLowerCase()}`, `option ${l.toLowerCase()}`, l.toLowerCase()] })),
  { key: 'correct', label: 'Đáp án đúng (correct)', aliases: ['dap an dung', 'dap an', 'correct', 'answer'] },
  { key: 'explanation', label: 'Giải thích (explanation)', aliases: ['giai thich', 'explanation'] },
  { key: 'article', label: 'Điều, khoản (article)', aliases: ['dieu khoan', 'trich dan', 'article', 'source'] },
  { key: 'imageUrl', label: 'Ảnh (image_url)', aliases: ['anh', 'hinh anh', 'image url', 'image'] },
  { key: 'points', label: 'Điểm (points)', aliases: ['diem', 'points'] },
];

const headerKey = (s: string) =>
  searchKey(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const HEADER_INDEX = new Map<string, ColumnKey>();
for (const c of COLUMNS) {
  HEADER_INDEX.set(headerKey(c.label), c.key);
  HEADER_INDEX.set(headerKey(c.key), c.key);
  for (const a of c.aliases) HEADER_INDEX.set(headerKey(a), c.key);
  const inParens = /\(([^)]+)\)/.exec(c.label)?.[1];
  if (inParens) HEADER_INDEX.set(headerKey(inParens), c.key);
}

/** Header cells → the column key at each position (unknown headers ignored). */
export function mapHeaders(headers: string[]): { map: (ColumnKey | undefined)[]; missing: ColumnKey[] } {
  const map = headers.map((h) => HEADER_INDEX.get(headerKey(h ?? '')));
  const required: ColumnKey[] = ['topic', 'difficulty', 'kind', 'text', 'correct'];
  return { map, missing: required.filter((k) => !map.includes(k)) };
}

const DIFFICULTY_WORDS: Record<string, string> = {
  easy: 'easy',
  de: 'easy',
  medium: 'medium',
  'trung binh': 'medium',
  tb: 'medium',
  hard: 'hard',
  kho: 'hard',
};
const KIND_WORDS: Record<string, string> = {
  single: 'single',
  'mot dap an': 'single',
  'mot lua chon': 'single',
  multiple: 'multiple',
  'nhieu dap an': 'multiple',
  'nhieu lua chon': 'multiple',
  'true false': 'true-false',
  truefalse: 'true-false',
  'dung sai': 'true-false',
};
const word = (s: string) =>
  searchKey(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Undoes the export's formula neutralisation: one leading apostrophe is dropped (the spreadsheet convention). */
export function unneutralise(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}

/** A cell that a spreadsheet could run as a formula (= + - @, tab, CR) or that starts with the escape itself gets a leading apostrophe. */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r']/.test(s) ? `'${s}` : s;
}

export interface RowIssue {
  field: string;
  key: QuestionErrorCode;
}

/**
 * One row's cells (by column key) → a draft for buildQuestionContent, or the issues the sheet itself shows
 * (an unknown correct letter, points that are not a number).
 */
export function rowToDraft(cells: Partial<Record<ColumnKey, string>>): { draft: QuestionDraft; issues: RowIssue[] } {
  const get = (k: ColumnKey) => unneutralise((cells[k] ?? '').toString()).trim();
  const issues: RowIssue[] = [];
  const difficultyRaw = get('difficulty');
  const kindRaw = get('kind');
  const kind = KIND_WORDS[word(kindRaw)] ?? kindRaw;
  const texts = OPTION_LETTERS.map((l) => get(l));
  const last = texts.map((t, i) => (t ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  let optionTexts = texts.slice(0, last + 1);
  if (optionTexts.some((t) => !t)) issues.push({ field: 'options', key: 'question.options.gap' });
  if (kind === 'true-false' && optionTexts.length === 0) optionTexts = [...TRUE_FALSE_OPTIONS];
  const correctRaw = get('correct');
  const correct = new Set<number>();
  if (!correctRaw) issues.push({ field: 'correct', key: 'question.correct.missing' });
  for (const part of correctRaw.split(/[\s,;/]+/).filter(Boolean)) {
    const upper = part.toUpperCase();
    const index = /^[A-H]$/.test(upper) ? upper.charCodeAt(0) - 65 : /^[1-8]$/.test(part) ? Number(part) - 1 : -1;
    if (index < 0 || index >= optionTexts.length) {
      issues.push({ field: 'correct', key: 'question.correct.unknown' });
      break;
    }
    correct.add(index);
  }
  const pointsRaw = get('points');
  let points: number | null = null;
  if (pointsRaw) {
    points = /^\d{1,3}$/.test(pointsRaw) ? Number(pointsRaw) : NaN;
    if (!Number.isInteger(points)) issues.push({ field: 'points', key: 'question.points.invalid' });
  }
  return {
    issues,
    draft: {
      kind,
      text: get('text'),
      topic: get('topic'),
      difficulty: DIFFICULTY_WORDS[word(difficultyRaw)] ?? difficultyRaw,
      options: optionTexts.map((text, i) => ({ text, correct: correct.has(i) })),
      explanation: get('explanation') || null,
      article: get('article') || null,
      imageUrl: get('imageUrl') || null,
      points: points !== null && Number.isInteger(points) ? points : null,
    },
  };
}

/** A stored question → the row of the sheet (not yet neutralised). */
export function contentToRow(q: QuestionContent): Record<ColumnKey, string | number> {
  const row = {
    topic: q.topic,
    difficulty: q.difficulty,
    kind: q.kind,
    text: q.text,
    correct: q.options.flatMap((o, i) => (q.correctOptionIds.includes(o.id) ? [OPTION_LETTERS[i]] : [])).join(','),
    explanation: q.explanation ?? '',
    article: q.article ?? '',
    imageUrl: q.imageUrl ?? '',
    points: q.points,
  } as Record<ColumnKey, string | number>;
  OPTION_LETTERS.forEach((l, i) => (row[l] = q.options[i]?.text ?? ''));
  return row;
}

/** RFC 4180 CSV (CRLF, quotes doubled), with every text cell neutralised. */
export function toCsv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = typeof v === 'number' ? String(v) : neutralise(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
