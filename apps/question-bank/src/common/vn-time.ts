/**
 * Times are shown in Asia/Ho_Chi_Minh. Vietnam keeps UTC+07:00 all year (no daylight saving), so the
 * conversion is a fixed offset and needs no time-zone database.
 */
const VN_OFFSET_MS = 7 * 3600 * 1000;

/** ISO-8601 with an explicit offset (Z or ±hh:mm): the only form accepted for opening and closing times. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2026-11-21T10:00:00+07:00` */
export function toVnIso(at: Date | string | number): string {
  const ms = new Date(at).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time ${String(at)}`);
  const shifted = new Date(ms + VN_OFFSET_MS).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ in Vietnam's wall clock
  const millis = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${millis}+07:00`;
}

/** Parses an ISO time with an offset; undefined when it is not one. */
export function parseIsoWithOffset(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) return undefined;
  const d = new Date(value);
  return Number.isFinite(d.getTime()) ? d : undefined;
}
