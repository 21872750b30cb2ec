import { RequestMethod } from '@nestjs/common';
import { registerOpenApiPaths, registerQuietRoutes } from '@hoi-thi/platform';

/**
 * The two hot routes are registered on Fastify directly (docs/adr/0003-hot-path.md), so @nestjs/swagger cannot
 * see them: this is their OpenAPI description, listed wherever exam-session is hosted.
 */
const problem = { description: 'problem+json', content: { 'application/problem+json': { schema: { type: 'object' } } } };
const attemptId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

registerOpenApiPaths('exam-session', {
  '/api/attempts/{id}/answers/{questionId}': {
    put: {
      tags: ['attempts'],
      summary: 'Save an answer (acknowledged only after the PostgreSQL commit); a lower seq never overwrites a higher one',
      security: [{ bearer: [] }],
      parameters: [attemptId, { name: 'questionId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['optionIds', 'seq'],
              additionalProperties: false,
              properties: {
                optionIds: { type: 'array', maxItems: 16, uniqueItems: true, items: { type: 'string', maxLength: 64 }, description: "The attempt's opaque option ids; [] clears the answer" },
                seq: { type: 'integer', minimum: 0, maximum: 2147483647 },
              },
            },
          },
        },
      },
      responses: {
        200: { description: '{saved: true, seq} — seq is the stored one (higher than the one sent when a newer answer is already saved)' },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
        409: { ...problem, description: 'exam.attempt-submitted: the attempt is already submitted' },
        410: { ...problem, description: 'exam.deadline-passed: past the deadline plus the grace' },
      },
    },
  },
  '/api/attempts/{id}/submit': {
    post: {
      tags: ['attempts'],
      summary: 'Submit with the prediction; repeated or concurrent calls return the identical result',
      security: [{ bearer: [] }],
      parameters: [attemptId, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } }],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: { prediction: { oneOf: [{ type: 'string', example: '1234.5' }, { type: 'number' }], description: 'Up to 5 decimals' } },
            },
          },
        },
      },
      responses: {
        200: { description: '{attemptId, roundId, status, correct, points, total, maxPoints, durationMs, startedAt, submittedAt, prediction, submittedBy}' },
        400: problem,
        401: problem,
        403: problem,
        404: problem,
      },
    },
  },
});

// Thousands per second at the peak: no access-log line per request (errors are still logged).
registerQuietRoutes(
  { method: RequestMethod.PUT, path: 'attempts/:id/answers/:questionId' },
  { method: RequestMethod.POST, path: 'attempts/:id/submit' },
);
