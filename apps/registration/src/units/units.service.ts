import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import type { AccessClaimsV1, UnitImportReportV1, UnitListV1, UnitV1 } from '@hoi-thi/contracts';
import { Lang } from '@hoi-thi/platform';
import { AuditRepository } from '../audit/audit.repository';
import { CreateUnitDto } from './dto/unit.dto';
import { UnitEntity } from './unit.entity';
import { MAX_UNIT_DEPTH, nestUnits, planUnitImport, UnitCsvRow } from './unit-rules';
import { isUnitCodeViolation, UnitsRepository } from './units.repository';
import { randomUUID } from 'node:crypto';
import { REGISTRATION_ERRORS, registrationError, registrationFieldError } from '../registration.errors';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
const COLUMNS = ['code', 'name', 'parentCode', 'memberCount'] as const;

const toView = (u: UnitEntity): UnitV1 => ({ id: u.id, parentId: u.parentId, code: u.code, name: u.name, memberCount: u.memberCount, depth: u.depth });

/** The unit tree: listed publicly, created and imported by organizers (audited). */
@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** The whole tree (the registration form offers every unit): one page, `nextCursor` null. */
  async list(view: 'flat' | 'tree' = 'flat'): Promise<UnitListV1> {
    const flat = (await this.units.listAll()).map(toView);
    return view === 'tree' ? { items: nestUnits(flat), nextCursor: null } : { items: flat, nextCursor: null };
  }

  async create(dto: CreateUnitDto, actor: AccessClaimsV1, ip: string): Promise<UnitV1> {
    try {
      return await this.units.transaction(async (m) => {
        if (await this.units.codeTaken(dto.code, m)) {
          throw registrationError('unit.conflict', [{ field: 'code', constraint: 'unique', message: 'unit.code.taken' }]);
        }
        let depth = 0;
        if (dto.parentId) {
          const parent = await this.units.findById(dto.parentId, m);
          if (!parent) throw registrationFieldError('parentId', 'unit.parent.invalid');
          depth = parent.depth + 1;
          if (depth > MAX_UNIT_DEPTH) throw registrationFieldError('parentId', 'unit.depth.exceeded');
        }
        const unit = { id: randomUUID(), code: dto.code, name: dto.name, parentId: dto.parentId ?? null, memberCount: dto.memberCount ?? null, depth };
        const view: UnitV1 = { ...unit };
        await this.units.insert(unit, m); // TypeORM writes the generated columns back into `unit`: answer the copy
        await this.audit.record({ actorId: actor.sub, action: 'unit.created', targetType: 'unit', targetId: unit.id, details: { ...view }, ip }, m);
        return view;
      });
    } catch (e) {
      if (isUnitCodeViolation(e)) throw registrationError('unit.conflict', [{ field: 'code', constraint: 'unique', message: 'unit.code.taken' }]);
      throw e;
    }
  }

  /** Reads a CSV (code,name,parentCode,memberCount), applies the valid rows in one transaction, reports the rest. */
  async importCsv(file: Buffer, actor: AccessClaimsV1, ip: string, lang: Lang): Promise<UnitImportReportV1> {
    if (file.length > MAX_IMPORT_BYTES) throw registrationFieldError('file', 'units.import.too-large');
    const rows = parseUnitCsv(file);
    if (rows.length > MAX_IMPORT_ROWS) throw registrationFieldError('file', 'units.import.too-large');
    const plan = await this.units.transaction(async (m) => {
      const planned = planUnitImport(rows, await this.units.skeleton());
      await this.units.applyImport(m, planned.inserts, planned.updates);
      await this.audit.record(
        {
          actorId: actor.sub,
          action: 'units.imported',
          targetType: 'unit',
          targetId: null,
          details: {
            inserted: planned.inserts.length,
            updated: planned.updates.length,
            rejected: planned.rejected.length,
            codes: planned.inserts.slice(0, 200).map((u) => u.code),
          },
          ip,
        },
        m,
      );
      return planned;
    });
    return {
      imported: plan.inserts.length,
      updated: plan.updates.length,
      rejected: plan.rejected.map((r) => ({ row: r.row, field: r.field, code: r.messageKey, message: REGISTRATION_ERRORS.message(r.messageKey, lang) })),
    };
  }
}

/** CSV → rows (BOM, `,` or `;`, header names case-insensitive); a file that cannot be read is one 400. */
export function parseUnitCsv(file: Buffer): UnitCsvRow[] {
  const text = file.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true, bom: true }) as string[][];
  } catch {
    throw registrationFieldError('file', 'units.import.malformed');
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const idx = COLUMNS.map((c) => header.indexOf(c.toLowerCase()));
  if (idx[0] < 0 || idx[1] < 0) throw registrationFieldError('file', 'units.import.malformed');
  const out: UnitCsvRow[] = [];
  records.slice(1).forEach((rec, i) => {
    if (rec.every((c) => c.trim() === '')) return;
    const at = (k: number) => (idx[k] >= 0 ? (rec[idx[k]] ?? '') : '');
    out.push({ row: i + 2, code: at(0), name: at(1), parentCode: at(2), memberCount: at(3) });
  });
  return out;
}
