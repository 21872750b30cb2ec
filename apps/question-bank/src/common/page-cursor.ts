import { questionBankFieldError } from '../question-bank.errors';

/**
 * Keyset paging (docs/adr/0004-typed-contract.md): a cursor is the sort key of the last row a page showed, so the
 * next page starts right after it however many rows were added meanwhile, and costs the same at any depth. It is
 * opaque to clients (base64url of the key's parts) and checked part by part when it comes back.
 */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The key of a cursor made by encodeCursor, if `valid` accepts its parts; otherwise 400 naming `cursor`. */
export function decodeCursor(cursor: string, valid: (parts: string[]) => boolean): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string') || !valid(parts))
    throw questionBankFieldError('cursor', 'question-bank.cursor.invalid');
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
