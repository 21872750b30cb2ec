import type { BankCellV1, BoardStatsV1, ImportReportV1 } from '@hoi-thi/contracts';
import { allPages, available, rejectionsByRow, statsCharts } from './derive';

describe("the organizer's derived values", () => {
  it('gives one line per rejected row of an import, with every reason, in row order', () => {
    const report: ImportReportV1 = {
      imported: 4,
      rows: 6,
      mode: 'best-effort',
      committed: true,
      rejected: [
        { row: 7, field: 'difficulty', message: 'Mức độ không hợp lệ.' },
        { row: 3, field: 'text', message: 'Thiếu câu hỏi.' },
        { row: 7, field: 'correct', message: 'Cần chỉ ra đáp án đúng.' },
      ],
    };
    expect(rejectionsByRow(report)).toEqual([
      { row: 3, errors: ['text: Thiếu câu hỏi.'] },
      { row: 7, errors: ['difficulty: Mức độ không hợp lệ.', 'correct: Cần chỉ ra đáp án đúng.'] },
    ]);
    expect(rejectionsByRow({ ...report, rejected: [] })).toEqual([]);
  });

  it("counts a bank's questions in a blueprint cell, '*' matching any topic or difficulty", () => {
    const cells: BankCellV1[] = [
      { topic: 'A', difficulty: 'easy', count: 4 },
      { topic: 'A', difficulty: 'hard', count: 2 },
      { topic: 'B', difficulty: 'easy', count: 3 },
    ];
    expect(available(cells, 'A', 'easy')).toBe(4);
    expect(available(cells, 'A', '*')).toBe(6);
    expect(available(cells, '*', 'easy')).toBe(7);
    expect(available(cells, '*', '*')).toBe(9);
    expect(available(cells, 'C', 'easy')).toBe(0);
  });

  it('reads every page of a list by following nextCursor', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      '': { items: [1, 2], nextCursor: 'p2' },
      p2: { items: [3], nextCursor: 'p3' },
      p3: { items: [], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const all = await allPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? ''];
    });
    expect(all).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'p2', 'p3']);
  });

  it("draws a round's statistics from the contract's fields (minutes in Vietnam time, provinces by name, shares without a member count left out)", () => {
    const stats: BoardStatsV1 = {
      roundId: 'r1',
      at: '2026-11-21T03:05:00.000Z',
      counters: { registered: 10, attempts: 5, validEntries: 4, inProgress: 1, submissionsPerMinute: 2, submissionsThisMinute: 0 },
      histogram: [
        { points: 0, entries: 1 },
        { points: 2, entries: 3 },
      ],
      perMinute: [{ minute: '2026-11-21T03:04:00.000Z', attempts: 2 }],
      units: {
        byEntries: [
          { unitId: 'u1', name: 'Chi bộ 1', entries: 1, members: 10, share: 0.1 },
          { unitId: 'u2', name: null, entries: 3, members: null, share: null },
        ],
        byShare: [
          { unitId: 'u1', name: 'Chi bộ 1', entries: 1, members: 10, share: 0.1 },
          { unitId: 'u2', name: null, entries: 3, members: null, share: null },
        ],
      },
      provinces: [
        { province: '79', entries: 1 },
        { province: '01', entries: 3 },
      ],
    };
    const charts = statsCharts(stats, (code) => ({ '01': 'Hà Nội' })[code]);
    expect(charts.overTime).toEqual([{ label: '10:04', value: 2 }]);
    expect(charts.histogram).toEqual([
      { label: '0', value: 1 },
      { label: '2', value: 3 },
    ]);
    expect(charts.byUnit).toEqual([
      { label: 'u2', value: 3 },
      { label: 'Chi bộ 1', value: 1 },
    ]);
    expect(charts.byShare).toEqual([{ label: 'Chi bộ 1', value: 0.1 }]);
    expect(charts.byProvince).toEqual([
      { label: 'Hà Nội', value: 3 },
      { label: '79', value: 1 },
    ]);
  });
});
