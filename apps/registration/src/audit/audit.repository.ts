import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends privileged actions to `registration.audit_log`; pass the transaction's manager to write atomically. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource('registration') private readonly ds: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.ds.manager): Promise<void> {
    await manager.query(`INSERT INTO registration.audit_log (actor_id, action, target_type, target_id, details, ip) VALUES ($1, $2, $3, $4, $5, $6)`, [
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details ?? {}),
      entry.ip ?? null,
    ]);
  }
}
