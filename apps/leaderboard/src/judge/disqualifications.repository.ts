import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { DisqualificationEntity } from './disqualification.entity';

export interface DisqualificationRow {
  contestant_id: string;
  reason: string;
  disqualified_by: string;
  created_at: Date;
  key_at: string;
}

export interface AuditRow {
  id: string;
  actor_id: string | null;
  action: string;
  round_id: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** Disqualifications and the audit log (written together, in one transaction). */
@Injectable()
export class DisqualificationsRepository {
  constructor(
    @InjectRepository(DisqualificationEntity, 'leaderboard') private readonly repo: Repository<DisqualificationEntity>,
    @InjectDataSource('leaderboard') private readonly db: DataSource,
  ) {}

  async contestantIds(roundId: string): Promise<string[]> {
    const rows = await this.repo.find({ where: { roundId }, select: { contestantId: true } });
    return rows.map((r) => r.contestantId);
  }

  /** A page of the round's disqualifications, oldest first: keyset on (created_at, contestant_id), `at` as PostgreSQL prints it. */
  list(roundId: string, limit: number, after?: { at: string; contestantId: string }): Promise<DisqualificationRow[]> {
    return this.db.query(
      `SELECT contestant_id::text AS contestant_id, reason, disqualified_by::text AS disqualified_by, created_at, created_at::text AS key_at
         FROM leaderboard.disqualifications
        WHERE round_id = $1${after ? ' AND (created_at, contestant_id) > ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at, contestant_id LIMIT $2`,
      after ? [roundId, limit, after.at, after.contestantId] : [roundId, limit],
    );
  }

  /** Inserts the disqualification and its audit entry; false when the contestant was already disqualified. */
  async add(d: { roundId: string; contestantId: string; reason: string; by: string }): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO leaderboard.disqualifications (round_id, contestant_id, reason, disqualified_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING contestant_id`,
        [d.roundId, d.contestantId, d.reason, d.by],
      );
      if (!inserted.length) return false;
      await this.audit(m, { actorId: d.by, action: 'disqualify', roundId: d.roundId, subjectId: d.contestantId, details: { reason: d.reason } });
      return true;
    });
  }

  async audit(m: EntityManager | null, e: Omit<AuditEntryEntity, 'id' | 'at'>): Promise<void> {
    await (m ?? this.db.manager).query('INSERT INTO leaderboard.audit_log (actor_id, action, round_id, subject_id, details) VALUES ($1, $2, $3, $4, $5)', [
      e.actorId,
      e.action,
      e.roundId,
      e.subjectId,
      JSON.stringify(e.details),
    ]);
  }

  /** A page of the round's audit trail, oldest first: keyset on the log's id. */
  auditTrail(roundId: string, limit: number, afterId?: string): Promise<AuditRow[]> {
    return this.db.query(
      `SELECT id::text AS id, actor_id::text AS actor_id, action, round_id::text AS round_id, subject_id, details, at
         FROM leaderboard.audit_log WHERE round_id = $1${afterId ? ' AND id > $3::bigint' : ''} ORDER BY id LIMIT $2`,
      afterId ? [roundId, limit, afterId] : [roundId, limit],
    );
  }
}
