import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { BankDetailV1, BankPageV1, BankV1, CreateBankRequestV1, PageQueryV1, UpdateBankRequestV1 } from '@hoi-thi/contracts';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { cleanText } from '../common/text';
import { toVnIso } from '../common/vn-time';
import { decodeCursor, pageOf } from '../common/page-cursor';
import { BankRow, BanksRepository } from './banks.repository';
import { questionBankError } from '../question-bank.errors';

const view = (b: BankRow): BankV1 => ({
  id: b.id,
  name: b.name,
  description: b.description,
  questionCount: b.questionCount,
  createdAt: toVnIso(b.createdAt),
  updatedAt: toVnIso(b.updatedAt),
});

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const bankCursor = (cursor: string) => {
  const [sortKey, id] = decodeCursor(cursor, (p) => p.length === 2 && SORT_KEY.test(p[0]) && Number.isFinite(Date.parse(p[0])) && isUUID(p[1]));
  return { sortKey, id };
};

@Injectable()
export class BanksService {
  constructor(
    private readonly banks: BanksRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(actor: Actor, dto: CreateBankRequestV1): Promise<BankDetailV1> {
    const id = randomUUID();
    await this.banks.transaction(async (m) => {
      await this.banks.create({ id, name: cleanText(dto.name), description: cleanText(dto.description ?? ''), createdBy: actor.sub }, m);
      await this.audit.record(actor, { action: 'bank.create', entityType: 'bank', entityId: id, details: { name: dto.name } }, m);
    });
    return this.get(id);
  }

  /** Newest first, keyset-paged. */
  async list(q: PageQueryV1): Promise<BankPageV1> {
    const limit = q.limit ?? 50;
    const page = pageOf(await this.banks.list(limit, q.cursor ? bankCursor(q.cursor) : undefined), limit, (b) => [b.sortKey, b.id]);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /** The bank with its question counts per topic × difficulty (what blueprints are built from). */
  async get(id: string): Promise<BankDetailV1> {
    const bank = await this.banks.get(id);
    if (!bank) throw questionBankError('bank.not-found');
    const cells = await this.banks.cellCounts(id);
    return { ...view(bank), cells: cells.map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: c.count })) };
  }

  async update(actor: Actor, id: string, dto: UpdateBankRequestV1): Promise<BankDetailV1> {
    if (!(await this.banks.get(id))) throw questionBankError('bank.not-found');
    await this.banks.update(id, {
      name: dto.name !== undefined ? cleanText(dto.name) : undefined,
      description: dto.description !== undefined ? cleanText(dto.description) : undefined,
    });
    await this.audit.record(actor, { action: 'bank.update', entityType: 'bank', entityId: id, details: { ...dto } });
    return this.get(id);
  }

  /** Soft delete: published rounds keep their frozen questions. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.banks.transaction(async (m) => {
      if (!(await this.banks.get(id, m))) throw questionBankError('bank.not-found');
      await this.banks.softDelete(id, m);
      await this.audit.record(actor, { action: 'bank.delete', entityType: 'bank', entityId: id }, m);
    });
  }
}
