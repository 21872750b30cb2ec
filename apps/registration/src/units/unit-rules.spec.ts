import { nestUnits, planUnitImport, UnitCsvRow } from './unit-rules';

const row = (n: number, code: string, name: string, parentCode = '', memberCount = ''): UnitCsvRow => ({ row: n, code, name, parentCode, memberCount });
const ids = () => {
  let i = 0;
  return () => `id-${++i}`;
};

describe(planUnitImport.name, () => {
  it('inserts a tree whose children come before their parents', () => {
    const plan = planUnitImport(
      [row(2, 'CB1', 'Chi bộ 1', 'PX', '25'), row(3, 'PX', 'Đảng ủy phường X', 'TU', '1.200'), row(4, 'TU', 'Thành ủy', '', '')],
      [],
      ids(),
    );
    expect(plan.rejected).toEqual([]);
    expect(plan.inserts.map((u) => [u.code, u.depth, u.memberCount])).toEqual([
      ['TU', 0, null],
      ['PX', 1, 1200],
      ['CB1', 2, 25],
    ]);
    const tu = plan.inserts.find((u) => u.code === 'TU')!;
    expect(plan.inserts.find((u) => u.code === 'PX')!.parentId).toBe(tu.id);
  });

  it('hangs new units under existing ones and updates existing codes in place', () => {
    const existing = [
      { id: 'a', code: 'TU', parentId: null, depth: 0 },
      { id: 'b', code: 'PX', parentId: 'a', depth: 1 },
    ];
    const plan = planUnitImport([row(2, 'PX', 'Đảng ủy phường X mới', 'TU', '900'), row(3, 'CB9', 'Chi bộ 9', 'PX')], existing, ids());
    expect(plan.updates).toEqual([{ id: 'b', code: 'PX', name: 'Đảng ủy phường X mới', parentId: 'a', memberCount: 900, depth: 1 }]);
    expect(plan.inserts).toEqual([{ id: 'id-1', code: 'CB9', name: 'Chi bộ 9', parentId: 'b', memberCount: null, depth: 2 }]);
  });

  it('reports each bad row with its line and field', () => {
    const existing = [
      { id: 'a', code: 'TU', parentId: null, depth: 0 },
      { id: 'b', code: 'OTHER', parentId: null, depth: 0 },
    ];
    const plan = planUnitImport(
      [
        row(2, 'bad code!', 'Tên'),
        row(3, 'OK1', 'X'),
        row(4, 'OK2', 'Đơn vị 2', 'NOPE'),
        row(5, 'OK3', 'Đơn vị 3', '', '-5'),
        row(6, 'OK4', 'Đơn vị 4', 'TU', '12'),
        row(7, 'OK4', 'Đơn vị 4 lặp', 'TU'),
        row(8, 'TU', 'Thành ủy', 'OTHER'),
        row(9, 'C1', 'Vòng 1', 'C2'),
        row(10, 'C2', 'Vòng 2', 'C1'),
      ],
      existing,
      ids(),
    );
    expect(plan.rejected).toEqual([
      { row: 2, field: 'code', messageKey: 'unit.code.invalid' },
      { row: 3, field: 'name', messageKey: 'unit.name.invalid' },
      { row: 4, field: 'parentCode', messageKey: 'unit.parent.invalid' },
      { row: 5, field: 'memberCount', messageKey: 'unit.memberCount.invalid' },
      { row: 7, field: 'code', messageKey: 'unit.duplicate-in-file' },
      { row: 8, field: 'parentCode', messageKey: 'unit.parent.moved' },
      { row: 9, field: 'parentCode', messageKey: 'unit.parent.invalid' },
      { row: 10, field: 'parentCode', messageKey: 'unit.parent.invalid' },
    ]);
    expect(plan.inserts.map((u) => u.code)).toEqual(['OK4']);
  });

  it('refuses a ninth level', () => {
    const rows = Array.from({ length: 9 }, (_, i) => row(i + 2, `L${i}`, `Cấp ${i}`, i ? `L${i - 1}` : ''));
    const plan = planUnitImport(rows, [], ids());
    expect(plan.inserts).toHaveLength(8);
    expect(plan.rejected).toEqual([{ row: 10, field: 'parentCode', messageKey: 'unit.depth.exceeded' }]);
  });
});

describe(nestUnits.name, () => {
  it('nests a flat list', () => {
    const tree = nestUnits([
      { id: 'c', parentId: 'b', code: 'C', name: 'C', memberCount: null, depth: 2 },
      { id: 'a', parentId: null, code: 'A', name: 'A', memberCount: 10, depth: 0 },
      { id: 'b', parentId: 'a', code: 'B', name: 'B', memberCount: null, depth: 1 },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0].children[0].children[0].id).toBe('c');
  });
});
