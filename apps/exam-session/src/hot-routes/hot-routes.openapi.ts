import { AnswerSavedV1, AttemptResultV1, ProblemV1, SaveAnswerRequestV1, SubmitAttemptRequestV1 } from '@hoi-thi/contracts';
import { contractRef, declareHotRoute } from '@hoi-thi/platform';

/**
 * The two hot routes are registered on Fastify directly (docs/adr/0003-hot-path.md), so @nestjs/swagger cannot
 * see them: these are their declarations (docs/adr/0005-hot-routes.md) — OpenAPI entry, listed wherever exam-session
 * is hosted, and no access-log line per request (thousands per second at the peak; errors are still logged). Their answers are written
 * as JSON strings by hand (no serializer on the hot path): the contracts named here are what those strings must
 * match, and the contract check holds them to it in the test suites. The platform adds its own errors (400, 401,
 * 403, 404, 413, 415, 503) as it does for any route; the ones described here name the codes these routes answer.
 */
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: contractRef(ProblemV1) } } });
const json = (description: string, schema: Parameters<typeof contractRef>[0]) => ({
  description,
  content: { 'application/json': { schema: contractRef(schema) } },
});
const attemptId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/** PUT /api/attempts/:id/answers/:questionId — every click of every contestant. */
export const SAVE_ANSWER_ROUTE = declareHotRoute({
  service: 'exam-session',
  method: 'PUT',
  url: '/api/attempts/:id/answers/:questionId',
  role: 'contestant',
  openapi: {
    tags: ['attempts'],
    summary: 'Save an answer (acknowledged only after the PostgreSQL commit); a lower seq never overwrites a higher one',
    security: [{ bearer: [] }],
    parameters: [attemptId, { name: 'questionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    requestBody: { required: true, content: { 'application/json': { schema: contractRef(SaveAnswerRequestV1) } } },
    responses: {
      200: json('saved; `seq` is the stored one (higher than the one sent when a newer answer is already saved)', AnswerSavedV1),
      400: problem(
        '`validation.failed` naming each refused field; `exam.option-unknown`: an option not of this question; `exam.option-too-many`: several options for a single-choice question',
      ),
      403: problem('`auth.forbidden`: not a contestant'),
      404: problem('`exam.attempt-not-found`: no such attempt of the caller; `exam.question-not-in-attempt`'),
      409: problem('`exam.attempt-submitted`: the attempt is already submitted'),
      410: problem('`exam.deadline-passed`: past the deadline plus the grace; the answer was not saved'),
    },
  },
});

/** POST /api/attempts/:id/submit — exactly once per attempt, however many times it is sent. */
export const SUBMIT_ROUTE = declareHotRoute({
  service: 'exam-session',
  method: 'POST',
  url: '/api/attempts/:id/submit',
  role: 'contestant',
  openapi: {
    tags: ['attempts'],
    summary: 'Submit with the prediction; repeated or concurrent calls return the identical result',
    security: [{ bearer: [] }],
    parameters: [attemptId, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } }],
    requestBody: { required: false, content: { 'application/json': { schema: contractRef(SubmitAttemptRequestV1) } } },
    responses: {
      200: json('the result, the same however many times it is asked (past the deadline and grace: the deadline’s, with what was saved)', AttemptResultV1),
      400: problem('`validation.failed`; `exam.prediction-invalid`; `exam.prediction-required`: the round asks for a prediction'),
      403: problem('`auth.forbidden`: not a contestant'),
      404: problem('`exam.attempt-not-found`: no such attempt of the caller'),
    },
  },
});
