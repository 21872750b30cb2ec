import { randomUUID } from 'node:crypto';
import type { UNITS_ERRORS } from './units.errors';

/** Pure rules of the unit tree and of its CSV import (no IO). */

export const UNIT_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_UNIT_DEPTH = 7; // roots are depth 0: eight levels in all
export const MAX_MEMBER_COUNT = 100_000_000;

export const normalizeUnitName = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFC').trim().replace(/\s+/g, ' ') : v);
export const isValidUnitName = (v: unknown): boolean => typeof v === 'string' && [...v].length >= 2 && [...v].length <= 200;
export const isValidUnitCode = (v: unknown): boolean => typeof v === 'string' && UNIT_CODE.test(v);
export const isValidMemberCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_MEMBER_COUNT;

export interface UnitCsvRow {
  /** Line in the file, the header being line 1 (as a spreadsheet shows it). */
  row: number;
  code: string;
  name: string;
  parentCode: string;
  memberCount: string;
}

export interface ExistingUnit {
  id: string;
  code: string;
  parentId: string | null;
  depth: number;
}

export interface PlannedUnit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  memberCount: number | null;
  depth: number;
}

export interface RowRejection {
  row: number;
  field: 'code' | 'name' | 'parentCode' | 'memberCount';
  /** Error-catalog key of the message. */
  messageKey: keyof typeof UNITS_ERRORS;
}

export interface ImportPlan {
  inserts: PlannedUnit[];
  updates: PlannedUnit[];
  rejected: RowRejection[];
}

function parseMemberCount(raw: string): number | null | undefined {
  const s = raw.trim().replace(/[\s.,_]/g, '');
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return isValidMemberCount(n) ? n : undefined;
}

/**
 * Decides what a CSV import does, row by row: a new code is inserted, an existing one has its name and member
 * count updated (it cannot be moved to another parent), a row whose parent is neither in the tree nor accepted
 * from the file is refused. Parents may come later in the file than their children.
 */
export function planUnitImport(rows: UnitCsvRow[], existing: ExistingUnit[], newId: () => string = randomUUID): ImportPlan {
  const rejected: RowRejection[] = [];
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const byId = new Map(existing.map((u) => [u.id, u]));
  const seen = new Set<string>();
  type Pending = { row: number; code: string; name: string; parentCode: string; memberCount: number | null };
  let pending: Pending[] = [];

  for (const r of rows) {
    const code = r.code.trim();
    const name = normalizeUnitName(r.name) as string;
    const parentCode = r.parentCode.trim();
    const memberCount = parseMemberCount(r.memberCount);
    if (!isValidUnitCode(code)) rejected.push({ row: r.row, field: 'code', messageKey: 'unit.code.invalid' });
    else if (seen.has(code)) rejected.push({ row: r.row, field: 'code', messageKey: 'unit.duplicate-in-file' });
    else if (!isValidUnitName(name)) rejected.push({ row: r.row, field: 'name', messageKey: 'unit.name.invalid' });
    else if (parentCode !== '' && (!isValidUnitCode(parentCode) || parentCode === code))
      rejected.push({ row: r.row, field: 'parentCode', messageKey: 'unit.parent.invalid' });
    else if (memberCount === undefined) rejected.push({ row: r.row, field: 'memberCount', messageKey: 'unit.memberCount.invalid' });
    else pending.push({ row: r.row, code, name, parentCode, memberCount });
    if (isValidUnitCode(code)) seen.add(code);
  }

  const inserts: PlannedUnit[] = [];
  const updates: PlannedUnit[] = [];
  const accepted = new Map<string, { id: string; depth: number }>();
  const resolveParent = (parentCode: string) => accepted.get(parentCode) ?? byCode.get(parentCode);

  // Accept rows whose parent is known, again and again, until nothing moves (handles any order, stops on cycles).
  for (let progress = true; progress && pending.length;) {
    progress = false;
    const still: Pending[] = [];
    for (const p of pending) {
      const parent = p.parentCode === '' ? null : resolveParent(p.parentCode);
      if (p.parentCode !== '' && !parent) {
        still.push(p);
        continue;
      }
      progress = true;
      const depth = parent ? parent.depth + 1 : 0;
      const old = byCode.get(p.code);
      if (old) {
        const oldParentCode = old.parentId ? (byId.get(old.parentId)?.code ?? '') : '';
        if (oldParentCode !== p.parentCode) {
          rejected.push({ row: p.row, field: 'parentCode', messageKey: 'unit.parent.moved' });
          continue;
        }
        updates.push({ id: old.id, code: p.code, name: p.name, parentId: old.parentId, memberCount: p.memberCount, depth: old.depth });
        accepted.set(p.code, { id: old.id, depth: old.depth });
        continue;
      }
      if (depth > MAX_UNIT_DEPTH) {
        rejected.push({ row: p.row, field: 'parentCode', messageKey: 'unit.depth.exceeded' });
        continue;
      }
      const id = newId();
      inserts.push({ id, code: p.code, name: p.name, parentId: parent ? parent.id : null, memberCount: p.memberCount, depth });
      accepted.set(p.code, { id, depth });
    }
    pending = still;
  }
  for (const p of pending) rejected.push({ row: p.row, field: 'parentCode', messageKey: 'unit.parent.invalid' });
  rejected.sort((a, b) => a.row - b.row);
  // Parents before children, so the rows can be inserted in this order.
  inserts.sort((a, b) => a.depth - b.depth);
  return { inserts, updates, rejected };
}

export interface UnitNode {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  memberCount: number | null;
  depth: number;
  children: UnitNode[];
}

/** Nests a flat list (any order) into trees; units whose parent is missing become roots. */
export function nestUnits(flat: Omit<UnitNode, 'children'>[]): UnitNode[] {
  const nodes = new Map(flat.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
