import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@hoi-thi/domain';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { cleanText } from '../common/text';
import { toVnIso } from '../common/vn-time';
import { BankRow, BanksRepository } from './banks.repository';

const view = (b: BankRow) => ({ ...b, createdAt: toVnIso(b.createdAt), updatedAt: toVnIso(b.updatedAt) });

@Injectable()
export class BanksService {
  constructor(
    private readonly banks: BanksRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(actor: Actor, dto: { name: string; description?: string }) {
    const id = randomUUID();
    await this.banks.manager.transaction(async (m) => {
      await this.banks.create({ id, name: cleanText(dto.name), description: cleanText(dto.description ?? ''), createdBy: actor.sub }, m);
      await this.audit.record(actor, { action: 'bank.create', entityType: 'bank', entityId: id, details: { name: dto.name } }, m);
    });
    return this.get(id);
  }

  async list(limit: number, offset: number) {
    const { items, total } = await this.banks.list(limit, offset);
    return { items: items.map(view), total, limit, offset };
  }

  /** The bank with its question counts per topic × difficulty (what blueprints are built from). */
  async get(id: string) {
    const bank = await this.banks.get(id);
    if (!bank) throw new DomainError('bank.not-found');
    return { ...view(bank), cells: await this.banks.cellCounts(id) };
  }

  async update(actor: Actor, id: string, dto: { name?: string; description?: string }) {
    if (!(await this.banks.get(id))) throw new DomainError('bank.not-found');
    await this.banks.update(id, { name: dto.name !== undefined ? cleanText(dto.name) : undefined, description: dto.description !== undefined ? cleanText(dto.description) : undefined });
    await this.audit.record(actor, { action: 'bank.update', entityType: 'bank', entityId: id, details: { ...dto } });
    return this.get(id);
  }

  /** Soft delete: published rounds keep their frozen questions. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.banks.manager.transaction(async (m) => {
      if (!(await this.banks.get(id, m))) throw new DomainError('bank.not-found');
      await this.banks.softDelete(id, m);
      await this.audit.record(actor, { action: 'bank.delete', entityType: 'bank', entityId: id }, m);
    });
  }
}
