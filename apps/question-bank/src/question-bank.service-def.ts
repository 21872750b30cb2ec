import { ServiceDefinition } from '@hoi-thi/platform';
import { QUESTION_BANK_DATABASE } from './question-bank.database';
import { QUESTION_BANK_ERRORS } from './question-bank.errors';
import { QuestionBankModule } from './question-bank.module';
import { seedQuestionBank } from './seed/demo-seed';

export const QUESTION_BANK_SERVICE: ServiceDefinition = {
  name: 'question-bank',
  port: 3002,
  module: QuestionBankModule,
  database: QUESTION_BANK_DATABASE,
  errors: QUESTION_BANK_ERRORS,
  seed: seedQuestionBank,
};
