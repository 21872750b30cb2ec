import { defineErrors, ErrorCodeOf } from '@hoi-thi/platform';
import { CONTEST_ERRORS } from './contests/contests.errors';
import { IMPORT_ERRORS } from './imports/imports.errors';
import { QUESTION_ERRORS } from './questions/questions.errors';
import { ROUND_ERRORS } from './rounds/rounds.errors';

/**
 * Every code question-bank answers, from its features' tables, carried by `QUESTION_BANK_SERVICE.errors`. Throw
 * them with `questionBankError(code)` / `questionBankFieldError(field, key)`; a code no table declares does not
 * compile.
 */
export const QUESTION_BANK_ERRORS = defineErrors(CONTEST_ERRORS, IMPORT_ERRORS, QUESTION_ERRORS, ROUND_ERRORS);
export type QuestionBankErrorCode = ErrorCodeOf<typeof QUESTION_BANK_ERRORS>;
export const { error: questionBankError, field: questionBankFieldError, fieldError: questionBankFieldErrorOf } = QUESTION_BANK_ERRORS;
