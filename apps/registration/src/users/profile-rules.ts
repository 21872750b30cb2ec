import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Pure rules of a contestant's profile (no IO): phone normalisation, citizen ID fingerprint, age, name,
 * password policy. DTO validators and services share them.
 */

/** `0912…`, `+84912…`, `84912…` (spaces, dots, dashes allowed) → `+84912…`; null unless a Vietnamese mobile number. */
export function normalizeVnMobile(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const raw = input.trim();
  if (raw.length < 9 || raw.length > 20 || !/^\+?[\d\s.()-]+$/.test(raw)) return null;
  const digits = raw.replace(/[^\d+]/g, '');
  // "84912…" without the plus is read as the country code when it has the length of one.
  const candidate = /^84\d{9}$/.test(digits) ? `+${digits}` : digits;
  const phone = parsePhoneNumberFromString(candidate, 'VN');
  if (!phone || phone.country !== 'VN' || !phone.isValid() || phone.getType() !== 'MOBILE') return null;
  return phone.number;
}

/** A login as typed: a phone number in any format, or an e-mail address; normalised for lookup. */
export function normalizeLogin(input: string): { phone: string } | { email: string } | null {
  const s = input.trim();
  if (s.includes('@')) return s.length <= 254 ? { email: s.toLowerCase() } : null;
  const phone = normalizeVnMobile(s);
  return phone ? { phone } : null;
}

export const CITIZEN_ID = /^\d{12}$/;

/** A citizen ID as typed: trimmed; blank → undefined (an optional field left empty). */
export function normalizeCitizenId(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() || undefined : value;
}

/** A CCCD: exactly 12 digits (the one rule of every route that takes one). */
export function isValidCitizenId(value: unknown): value is string {
  return typeof value === 'string' && CITIZEN_ID.test(value);
}

/** HMAC-SHA256 of the citizen ID with the server's pepper, hex: duplicates found, the number never readable. */
export function citizenIdFingerprint(citizenId: string, pepper: string): string {
  return createHmac('sha256', pepper).update(citizenId).digest('hex');
}

/** What an account stores of a citizen ID (every route that writes one): its fingerprint and its last 3 digits. */
export function citizenIdColumns(citizenId: string, pepper: string): { citizenIdHash: string; citizenIdLast3: string } {
  return { citizenIdHash: citizenIdFingerprint(citizenId, pepper), citizenIdLast3: citizenId.slice(-3) };
}

export const MIN_AGE = 6;
export const MAX_AGE = 120;

/** `YYYY-MM-DD`, a real calendar date, age between MIN_AGE and MAX_AGE on `today` (UTC date). */
export function isValidBirthDate(value: unknown, today: Date = new Date()): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  return age >= MIN_AGE && age <= MAX_AGE;
}

/** NFC, trimmed, inner whitespace collapsed. */
export function normalizeFullName(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : value;
}

/** 2–100 characters, letters (any script), spaces, apostrophes, dots and hyphens; at least two letters. */
export function isValidFullName(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const chars = [...value];
  if (chars.length < 2 || chars.length > 100) return false;
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'-]*$/u.test(value)) return false;
  return (value.match(/\p{L}/gu)?.length ?? 0) >= 2;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** At least 8 and at most 128 characters, with at least one letter and one digit. */
export function isStrongEnoughPassword(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const n = [...value].length;
  return n >= PASSWORD_MIN && n <= PASSWORD_MAX && /\p{L}/u.test(value) && /\d/.test(value);
}

/** Lower-cased, trimmed; empty → undefined (an optional field left blank). */
export function normalizeEmail(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return v === '' ? undefined : v;
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
export function isValidEmail(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value) && !value.includes('..');
}
