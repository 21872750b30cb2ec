import type { BankCellV1, BoardStatsV1, ImportReportV1, PageV1 } from '@hoi-thi/contracts';
import type { Point } from '../charts';

/** The import's rejections, one line per sheet row with every reason the service gave for it (`field: message`). */
export function rejectionsByRow(report: ImportReportV1): { row: number; errors: string[] }[] {
  const byRow = new Map<number, string[]>();
  for (const r of report.rejected) byRow.set(r.row, [...(byRow.get(r.row) ?? []), r.field ? `${r.field}: ${r.message}` : r.message]);
  return [...byRow].sort(([a], [b]) => a - b).map(([row, errors]) => ({ row, errors }));
}

/** Live questions of a bank in a blueprint cell (`'*'`: any topic, any difficulty). */
export function available(cells: readonly BankCellV1[], topic: string, difficulty: string): number {
  return cells.filter((c) => (topic === '*' || c.topic === topic) && (difficulty === '*' || c.difficulty === difficulty)).reduce((s, c) => s + c.count, 0);
}

/** Every item of a keyset-paged list, following `nextCursor` to the last page (for short lists shown whole: a select). */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<PageV1<T>>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const p = await page(cursor);
    items.push(...p.items);
    if (p.nextCursor === null) return items;
    cursor = p.nextCursor;
  }
  return items;
}

/** `HH:mm` in Vietnam's wall clock. */
const vnMinute = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });

export interface StatsCharts {
  overTime: Point[];
  histogram: Point[];
  byUnit: Point[];
  byShare: Point[];
  byProvince: Point[];
}

/** The charts of a round's statistics: top 15 units (by entries and by share of members) and provinces. */
export function statsCharts(stats: BoardStatsV1, provinceName: (code: string) => string | undefined = () => undefined, top = 15): StatsCharts {
  const unitLabel = (u: { unitId: string; name: string | null }) => u.name ?? u.unitId;
  return {
    overTime: stats.perMinute.map((m) => ({ label: vnMinute.format(new Date(m.minute)), value: m.attempts })),
    histogram: stats.histogram.map((h) => ({ label: String(h.points), value: h.entries })),
    byUnit: stats.units.byEntries
      .map((u) => ({ label: unitLabel(u), value: u.entries }))
      .sort((a, b) => b.value - a.value)
      .slice(0, top),
    byShare: stats.units.byShare.flatMap((u) => (u.share === null ? [] : [{ label: unitLabel(u), value: u.share }])).slice(0, top),
    byProvince: stats.provinces
      .map((p) => ({ label: provinceName(p.province) ?? p.province, value: p.entries }))
      .sort((a, b) => b.value - a.value)
      .slice(0, top),
  };
}
