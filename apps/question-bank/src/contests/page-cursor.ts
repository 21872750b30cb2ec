import { QuestionBankErrorCode, questionBankFieldError } from '../question-bank.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The keyset cursor of the contests and rounds lists names the last row of the page, not its sort values: the
 * query reads that row's (created_at, id) or (opens_at, id) itself, so a timestamp's microseconds, which a JS Date
 * would drop, never make a page repeat a row.
 */
export function encodePageCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The row id a cursor names; a cursor this API did not make is a 400 naming `cursor`. */
export function decodePageCursor(cursor: string, messageKey: QuestionBankErrorCode): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw questionBankFieldError('cursor', messageKey, messageKey);
  return id.toLowerCase();
}

/** `limit + 1` rows read → the page and its next cursor (null on the last page). */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, view: (r: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodePageCursor(page[page.length - 1].id) : null };
}
