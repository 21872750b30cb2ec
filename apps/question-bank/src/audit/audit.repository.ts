import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { QB } from '../question-bank.database';

export interface AuditEntry {
  action: string;
  entityType: 'bank' | 'question' | 'contest' | 'round';
  entityId: string | null;
  details?: Record<string, unknown>;
}

/** Who acted: a user from the token, or the demo seed. */
export type Actor = Pick<AccessClaimsV1, 'sub' | 'roles'> | { sub: null; roles: string[] };
export const SYSTEM_ACTOR: Actor = { sub: null, roles: ['system'] };

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource(QB) private readonly ds: DataSource) {}

  async record(actor: Actor, entry: AuditEntry, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`INSERT INTO question_bank.audit_log (actor_id, actor_roles, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`, [
      actor.sub,
      actor.roles,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.details ?? {}),
    ]);
  }

  /** Newest first, from before the id `beforeId` (keyset): `limit` rows. */
  async list(filter: { entityId?: string; limit: number; beforeId?: string }) {
    const rows: {
      id: string;
      at: Date;
      actor_id: string | null;
      actor_roles: string[];
      action: string;
      entity_type: AuditEntry['entityType'];
      entity_id: string | null;
      details: Record<string, unknown>;
    }[] = await this.ds.query(
      `SELECT id, at, actor_id, actor_roles, action, entity_type, entity_id, details FROM question_bank.audit_log
         WHERE ($1::uuid IS NULL OR entity_id = $1) AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $2`,
      [filter.entityId ?? null, filter.limit, filter.beforeId ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorRoles: r.actor_roles,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: r.details,
    }));
  }
}
