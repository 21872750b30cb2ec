import { ServiceDatabase } from '@hoi-thi/platform';
import { InitLeaderboard1700000000000 } from './migrations/1700000000000-init-leaderboard';
import { LeaderboardTables1763800000000 } from './migrations/1763800000000-leaderboard-tables';
import { AuditEntryEntity } from './judge/audit-entry.entity';
import { DisqualificationEntity } from './judge/disqualification.entity';

/** What leaderboard owns in PostgreSQL: the `leaderboard` schema. Hot and bulk queries are plain SQL in the repositories. */
export const LEADERBOARD_DATABASE: ServiceDatabase = {
  name: 'leaderboard',
  schema: 'leaderboard',
  entities: [DisqualificationEntity, AuditEntryEntity],
  migrations: [InitLeaderboard1700000000000, LeaderboardTables1763800000000],
};
