import { ServiceDatabase } from '@hoi-thi/platform';
import { AuditLogEntity } from './audit/audit-log.entity';
import { BankEntity } from './banks/bank.entity';
import { ContestEntity } from './contests/contest.entity';
import { InitQuestionBank1700000000000 } from './migrations/1700000000000-init-question-bank';
import { QuestionBankTables1763800000000 } from './migrations/1763800000000-question-bank-tables';
import { NearDuplicatesOnSearchTrigram1763800000001 } from './migrations/1763800000001-near-duplicates-on-search-trigram';
import { PublishedRoundsWithoutFk1763800000002 } from './migrations/1763800000002-published-rounds-without-fk';
import { BackfillSnapshotContestPublished1765000000000 } from './migrations/1765000000000-backfill-snapshot-contest-published';
import { QuestionVersionEntity } from './questions/question-version.entity';
import { QuestionEntity } from './questions/question.entity';
import { PublishedRoundEntity } from './rounds/published-round.entity';
import { RoundEntity } from './rounds/round.entity';

/** What question-bank owns in PostgreSQL: the `question_bank` schema. */
export const QUESTION_BANK_DATABASE: ServiceDatabase = {
  name: 'question-bank',
  schema: 'question_bank',
  entities: [BankEntity, QuestionEntity, QuestionVersionEntity, ContestEntity, RoundEntity, PublishedRoundEntity, AuditLogEntity],
  migrations: [
    InitQuestionBank1700000000000,
    QuestionBankTables1763800000000,
    NearDuplicatesOnSearchTrigram1763800000001,
    PublishedRoundsWithoutFk1763800000002,
    BackfillSnapshotContestPublished1765000000000,
  ],
};

/** The TypeORM connection name of this service. */
export const QB = QUESTION_BANK_DATABASE.name;
