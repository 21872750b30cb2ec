/** One line of the official results file. */
export interface ResultRow {
  position: number;
  rank: number;
  attemptId: string;
  unitId: string | null;
  province: string | null;
  points: number;
  correct: number;
  total: number;
  durationMs: number;
  submittedAt: string;
  prediction: string | null;
  distance: string | null;
}

export const RESULT_COLUMNS = [
  'position',
  'rank',
  'attempt_id',
  'unit_id',
  'province',
  'points',
  'correct',
  'total',
  'duration_ms',
  'submitted_at',
  'prediction',
  'distance_to_true_value',
] as const;

/**
 * A cell that a spreadsheet would not run as a formula: text starting with = + - @ or a tab/CR is prefixed
 * with an apostrophe (OWASP CSV injection).
 */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = formulaSafe(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultCells(r: ResultRow): (string | number | null)[] {
  return [r.position, r.rank, r.attemptId, r.unitId, r.province, r.points, r.correct, r.total, r.durationMs, r.submittedAt, r.prediction, r.distance];
}

/** The CSV header line (CRLF-terminated, RFC 4180). */
export const CSV_HEADER = `${RESULT_COLUMNS.join(',')}\r\n`;

/** One CSV line (CRLF-terminated). The file is the header then one line per position: its bytes, and so its SHA-256, depend on the ranking only. */
export function csvLine(r: ResultRow): string {
  return `${resultCells(r).map(csvCell).join(',')}\r\n`;
}
