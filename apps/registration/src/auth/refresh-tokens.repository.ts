import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface NewRefreshToken {
  familyId: string;
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** Queries on `registration.refresh_tokens` (only hashes are stored). */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource('registration') private readonly ds: DataSource) {}

  async insert(t: NewRefreshToken, m: EntityManager = this.ds.manager): Promise<void> {
    await m.insert(RefreshTokenEntity, t);
  }

  findByHash(tokenHash: Buffer): Promise<RefreshTokenEntity | null> {
    return this.ds.manager.findOne(RefreshTokenEntity, { where: { tokenHash } });
  }

  /** Spends a token: true only for the one caller that finds it unused and unrevoked. */
  async markUsed(id: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `UPDATE registration.refresh_tokens SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [id],
    );
    return rowCount(rows) === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.ds.manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  async revokeAllOfUser(userId: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}

/** pg through TypeORM answers an UPDATE … RETURNING as [rows, count]. */
function rowCount(result: unknown[]): number {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  return result.length;
}
