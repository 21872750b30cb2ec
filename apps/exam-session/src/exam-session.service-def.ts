import { ServiceDefinition } from '@hoi-thi/platform';
import { EXAM_ERRORS } from './attempts/attempts.errors';
import { EXAM_SESSION_DATABASE } from './exam-session.database';
import { ExamSessionEnv } from './exam-session.env';
import { ExamSessionModule } from './exam-session.module';

export const EXAM_SESSION_SERVICE: ServiceDefinition = {
  name: 'exam-session',
  port: 3003,
  module: ExamSessionModule.forRoot(),
  database: EXAM_SESSION_DATABASE,
  env: ExamSessionEnv,
  errors: EXAM_ERRORS,
};
