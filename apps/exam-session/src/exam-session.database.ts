import { ServiceDatabase } from '@hoi-thi/platform';
import { AnswerEntity, AttemptEntity } from './attempts/attempt.entity';
import { InitExamSession1700000000000 } from './migrations/1700000000000-init-exam-session';
import { Attempts1700000001000 } from './migrations/1700000001000-attempts';
import { PartitionByRound1764000000000 } from './migrations/1764000000000-partition-by-round';

/** What exam-session owns in PostgreSQL: the `exam` schema. */
export const EXAM_SESSION_DATABASE: ServiceDatabase = {
  name: 'exam-session',
  schema: 'exam',
  entities: [AttemptEntity, AnswerEntity],
  migrations: [InitExamSession1700000000000, Attempts1700000001000, PartitionByRound1764000000000],
};
