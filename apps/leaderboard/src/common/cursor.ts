import { leaderboardFieldError } from './leaderboard.errors';

/**
 * The opaque keyset cursor of the leaderboard's paged lists (docs/adr/0004-typed-contract.md): the sort key of a
 * page's last row, as base64url JSON. A client only passes it back; a cursor that does not decode to the list's
 * key is a 400 naming `cursor`.
 */
export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends CursorKey>(cursor: string, valid: (key: CursorKey) => key is K): K {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || !valid(key as CursorKey)) throw leaderboardFieldError('cursor', 'leaderboard.field.cursor');
  return key as K;
}

/** `{ items, nextCursor }` from `limit + 1` fetched rows: the extra row only says that a next page exists. */
export function pageOf<R, T>(rows: R[], limit: number, view: (row: R) => T, key: (row: R) => CursorKey): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodeCursor(key(page[page.length - 1])) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuidText = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
