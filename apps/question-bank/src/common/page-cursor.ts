import { type QuestionBankErrorCode, questionBankFieldError } from '../question-bank.errors';

/**
 * Keyset paging (docs/adr/0004-typed-contract.md): a cursor is the sort key of the last row a page showed, so the
 * next page starts right after it however many rows were added meanwhile, and costs the same at any depth. It is
 * opaque to clients (base64url of the key's parts) and checked part by part when it comes back.
 */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * The key of a cursor made by encodeCursor, if `valid` accepts its parts; otherwise 400 naming `cursor` with the
 * message `key` (and the problem `code`, `validation.failed` unless given).
 */
export function decodeCursor(
  cursor: string,
  valid: (parts: string[]) => boolean,
  key: QuestionBankErrorCode = 'question-bank.cursor.invalid',
  code?: QuestionBankErrorCode,
): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string') || !valid(parts)) throw questionBankFieldError('cursor', key, code);
  return parts;
}

/** A positive integer in decimal (a bigint sequence or id), as Postgres will compare it. */
export const isSeq = (s: string): boolean => /^[1-9]\d{0,18}$/.test(s);

/** The page of `limit` rows out of the `limit + 1` fetched, and the cursor after it when there are more. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => string[]): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cursor of the contests and rounds lists names the page's last row by its id, not its sort values: the query
 * reads that row's (created_at, id) or (opens_at, id) itself, so a timestamp's microseconds, which a JS Date would
 * drop, never make a page repeat a row.
 */
export const encodePageCursor = (lastId: string): string => encodeCursor([lastId]);

/** The row id a cursor names; a cursor this API did not make is a 400 naming `cursor`, its code `code`. */
export function decodePageCursor(cursor: string, code: QuestionBankErrorCode): string {
  return decodeCursor(cursor, (p) => p.length === 1 && UUID.test(p[0]), code, code)[0].toLowerCase();
}

/** `limit + 1` rows read → the page of their views and the cursor naming its last row (null on the last page). */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, view: (r: R) => T): { items: T[]; nextCursor: string | null } {
  const page = pageOf(rows, limit, (last) => [last.id]);
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
