import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { DisqualificationEntity } from './disqualification.entity';

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

  list(roundId: string): Promise<DisqualificationEntity[]> {
    return this.repo.find({ where: { roundId }, order: { createdAt: 'ASC' } });
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
    await (m ?? this.db.manager).query(
      'INSERT INTO leaderboard.audit_log (actor_id, action, round_id, subject_id, details) VALUES ($1, $2, $3, $4, $5)',
      [e.actorId, e.action, e.roundId, e.subjectId, JSON.stringify(e.details)],
    );
  }

  auditTrail(roundId: string): Promise<AuditEntryEntity[]> {
    return this.db.getRepository(AuditEntryEntity).find({ where: { roundId }, order: { id: 'ASC' } });
  }
}
