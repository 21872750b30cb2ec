/** A live board's position window: which page of `size` entries, and whether there are pages before and after it. */
export function boardWindow(
  page: number,
  size: number,
  total: number | null,
): { offset: number; hasPrevious: boolean; hasNext: boolean; pageCount: number | null } {
  const offset = Math.max(0, page) * size;
  const pageCount = total === null ? null : Math.max(1, Math.ceil(total / size));
  return { offset, hasPrevious: page > 0, hasNext: total !== null && offset + size < total, pageCount };
}
