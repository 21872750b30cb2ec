import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import type { AuditRepository } from '../audit/audit.repository';
import { MAX_UNIT_DEPTH } from './unit-rules';
import type { UnitEntity } from './unit.entity';
import type { UnitsRepository } from './units.repository';
import { MAX_IMPORT_BYTES, UnitsService } from './units.service';

describe(UnitsService.name, () => {
  const actor: AccessClaimsV1 = { sub: randomUUID(), roles: ['organizer'], typ: 'access' };
  const tx = { tx: true };
  let units: Map<string, UnitEntity>;
  let mocks: {
    units: Record<'transaction' | 'codeTaken' | 'findById' | 'insert' | 'skeleton' | 'applyImport' | 'listAll', jest.Mock>;
    audit: Record<'record', jest.Mock>;
  };
  let sut: UnitsService;

  const unit = (over: Partial<UnitEntity> = {}): UnitEntity => {
    const u = { id: randomUUID(), parentId: null, code: `U${units.size}`, name: 'Đơn vị', memberCount: null, depth: 0, ...over } as UnitEntity;
    units.set(u.id, u);
    return u;
  };

  beforeEach(() => {
    units = new Map();
    mocks = {
      units: {
        transaction: jest.fn(async (work: (m: unknown) => Promise<unknown>) => work(tx)),
        codeTaken: jest.fn(async (code: string) => [...units.values()].some((u) => u.code === code)),
        findById: jest.fn(async (id: string) => units.get(id) ?? null),
        insert: jest.fn(async () => undefined),
        skeleton: jest.fn(async () => [...units.values()].map((u) => ({ id: u.id, code: u.code, parentId: u.parentId, depth: u.depth }))),
        applyImport: jest.fn(async () => undefined),
        listAll: jest.fn(async () => [...units.values()]),
      },
      audit: { record: jest.fn(async () => undefined) },
    };
    sut = new UnitsService(mocks.units as unknown as UnitsRepository, mocks.audit as unknown as AuditRepository);
  });

  describe('create', () => {
    it('places the unit one level below its parent, read in the transaction, and audits it', async () => {
      const parent = unit({ depth: 1 });
      const view = await sut.create({ code: 'NEW', name: 'Chi đoàn', parentId: parent.id, memberCount: 30 }, actor, '10.0.0.1');
      expect(view).toMatchObject({ code: 'NEW', parentId: parent.id, depth: 2, memberCount: 30 });
      expect(mocks.units.findById).toHaveBeenCalledWith(parent.id, tx);
      expect(mocks.units.insert).toHaveBeenCalledWith(expect.objectContaining({ id: view.id, depth: 2 }), tx);
      expect(mocks.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ actorId: actor.sub, action: 'unit.created', targetId: view.id, ip: '10.0.0.1' }),
        tx,
      );
    });

    it('refuses a taken code, an unknown parent and a unit too deep, writing nothing', async () => {
      const taken = unit({ code: 'TAKEN' });
      await expect(sut.create({ code: 'TAKEN', name: 'x' }, actor, 'ip')).rejects.toMatchObject({
        code: 'unit.conflict',
        fieldErrors: [{ field: 'code', constraint: 'unique', message: 'unit.code.taken' }],
      });
      await expect(sut.create({ code: 'A', name: 'x', parentId: randomUUID() }, actor, 'ip')).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'parentId', message: 'unit.parent.invalid' })],
      });
      const deepest = unit({ depth: MAX_UNIT_DEPTH, parentId: taken.id });
      await expect(sut.create({ code: 'B', name: 'x', parentId: deepest.id }, actor, 'ip')).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'parentId', message: 'unit.depth.exceeded' })],
      });
      expect(mocks.units.insert).not.toHaveBeenCalled();
      expect(mocks.audit.record).not.toHaveBeenCalled();
    });

    it('answers a code taken by a concurrent creation as the same conflict', async () => {
      mocks.units.insert.mockRejectedValue(
        Object.assign(new QueryFailedError('INSERT', [], new Error('dup')), { driverError: { code: '23505', constraint: 'uq_units_code' } }),
      );
      await expect(sut.create({ code: 'RACE', name: 'x' }, actor, 'ip')).rejects.toMatchObject({ code: 'unit.conflict' });
    });
  });

  describe('importCsv', () => {
    it('applies the valid rows in one transaction, audits the counts and reports each rejected row in the asked language', async () => {
      unit({ code: 'ROOT' });
      const csv = Buffer.from('\uFEFFcode;name;parentCode;memberCount\nA1;Chi đoàn A1;ROOT;12\n;Không mã;;\n');
      const report = await sut.importCsv(csv, actor, 'ip', 'en');
      expect(report.imported).toBe(1);
      expect(report.rejected).toEqual([expect.objectContaining({ row: 3, field: 'code', code: expect.any(String), message: expect.any(String) })]);
      const [[m, inserts]] = mocks.units.applyImport.mock.calls as [[unknown, { code: string; depth: number }[]]];
      expect(m).toBe(tx);
      expect(inserts).toEqual([expect.objectContaining({ code: 'A1', depth: 1 })]);
      expect(mocks.audit.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'units.imported', details: expect.objectContaining({ inserted: 1, rejected: 1, codes: ['A1'] }) }),
        tx,
      );
    });

    it('refuses a file too large or unreadable before the transaction', async () => {
      await expect(sut.importCsv(Buffer.alloc(MAX_IMPORT_BYTES + 1), actor, 'ip', 'vi')).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'file', message: 'units.import.too-large' })],
      });
      await expect(sut.importCsv(Buffer.from('ten,so\nx,1\n'), actor, 'ip', 'vi')).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'file', message: 'units.import.malformed' })],
      });
      expect(mocks.units.transaction).not.toHaveBeenCalled();
    });
  });

  it('lists the tree with each unit under its parent', async () => {
    const root = unit({ code: 'R' });
    const child = unit({ code: 'C', parentId: root.id, depth: 1 });
    const tree = await sut.list('tree');
    expect(tree.items).toEqual([expect.objectContaining({ id: root.id, children: [expect.objectContaining({ id: child.id })] })]);
  });
});
