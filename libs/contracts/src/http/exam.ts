/**
 * HTTP contracts of the exam routes (docs/adr/0004-typed-contract.md): starting and resuming an attempt, saving
 * answers and submitting (the two hot routes, whose answers exam-session writes as JSON strings by hand: these
 * schemas are what those strings must match), the contestant's attempts of a round, the review with the key, the
 * judges' audit, and the client's signals.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { QuestionKind } from '../rounds';
import { Instant, named, Nullable, Obj, OneOf, Uuid } from './schema';

export const ATTEMPT_STATUSES = ['active', 'submitted'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** Who closed a submitted attempt: the contestant's submit, or the server at the deadline (with what was saved). */
export const SUBMITTED_BY = ['contestant', 'deadline'] as const;
export type SubmittedBy = (typeof SUBMITTED_BY)[number];

export const ATTEMPT_QUESTION_KINDS = ['single', 'multiple', 'true-false'] as const satisfies readonly QuestionKind[];

/** The client signals an attempt records for judges (POST /api/attempts/:id/events). */
export const ATTEMPT_EVENT_TYPES = ['blur', 'focus', 'visibility-hidden', 'visibility-visible', 'offline', 'online', 'copy', 'paste'] as const;
export type AttemptEventType = (typeof ATTEMPT_EVENT_TYPES)[number];

/** Events one request may carry (a client back online sends what it queued meanwhile). */
export const MAX_ATTEMPT_EVENTS_PER_REQUEST = 20;

/** A stored prediction as the canonical decimal string (no leading zeros nor trailing fractional zeros). */
const PREDICTION_PATTERN = '^-?\\d{1,15}(\\.\\d{1,5})?$';

const attemptId = (description?: string) => Uuid({ description, examples: ['0b8f6c1e-4a52-4d8e-9a43-7f2c1d5e9b10'] });
const roundId = () => Uuid({ examples: ['5d1e2f3a-9c4b-4e6d-8a7f-1b2c3d4e5f60'] });
const questionId = () => Uuid({ description: 'the frozen question version’s id' });
const count = (options?: Parameters<typeof Type.Integer>[0]) => Type.Integer({ minimum: 0, ...options });

/** What a submit answers, and the `result` of a submitted attempt: the same bytes however many times it is asked. */
export const AttemptResultV1 = named(
  'AttemptResultV1',
  Obj(
    {
      attemptId: attemptId(),
      roundId: roundId(),
      status: Type.Literal('submitted'),
      correct: count({ description: 'questions answered right', examples: [9] }),
      points: count({ description: 'points scored (partial credit rounded down per question)', examples: [9] }),
      total: count({ description: 'questions in the attempt', examples: [10] }),
      maxPoints: count({ examples: [10] }),
      durationMs: count({ description: 'from the start to the submission', examples: [312_480] }),
      startedAt: Instant(),
      submittedAt: Instant({ description: 'the deadline when the server closed the attempt', examples: ['2026-07-01T10:05:12.480Z'] }),
      prediction: Nullable(Type.String({ pattern: PREDICTION_PATTERN, description: 'the prediction as a canonical decimal string', examples: ['1234.5'] })),
      submittedBy: OneOf(SUBMITTED_BY),
    },
    { description: 'The scored result of a submitted attempt.' },
  ),
);
export type AttemptResultV1 = Static<typeof AttemptResultV1>;

/** One question as the contestant sees it: no key, options shuffled with this attempt's opaque ids. */
export const AttemptQuestionV1 = named(
  'AttemptQuestionV1',
  Obj(
    {
      id: questionId(),
      text: Type.String({ examples: ['Hiến pháp năm 2013 có bao nhiêu chương?'] }),
      kind: OneOf(ATTEMPT_QUESTION_KINDS),
      points: count({ examples: [1] }),
      imageUrl: Nullable(Type.String()),
      options: Type.Array(
        Obj({
          id: Type.String({ description: 'opaque, this attempt’s own: send it back in `optionIds`', examples: ['k3v9q2'] }),
          text: Type.String({ examples: ['11 chương'] }),
        }),
        { description: 'in the order this attempt shows them' },
      ),
    },
    { description: 'A drawn question of an attempt, without its key.' },
  ),
);
export type AttemptQuestionV1 = Static<typeof AttemptQuestionV1>;

/** An answer saved in an attempt. */
export const SavedAnswerV1 = named(
  'SavedAnswerV1',
  Obj(
    {
      questionId: questionId(),
      optionIds: Type.Array(Type.String(), { description: 'the attempt’s opaque option ids; [] a cleared answer' }),
      seq: count({ description: 'the client’s sequence of the stored answer' }),
    },
    { description: 'An answer the server holds for a question of the attempt.' },
  ),
);
export type SavedAnswerV1 = Static<typeof SavedAnswerV1>;

/** Start (201 new, 200 the active one) and resume: the attempt with its questions, saved answers and deadline. */
export const AttemptV1 = named(
  'AttemptV1',
  Obj(
    {
      attemptId: attemptId(),
      roundId: roundId(),
      attemptNo: Type.Integer({ minimum: 1, description: 'the contestant’s how-manieth attempt of the round', examples: [1] }),
      status: OneOf(ATTEMPT_STATUSES),
      startedAt: Instant({ examples: ['2026-07-01T10:00:00.000Z'] }),
      deadline: Instant({ description: 'absolute; the time limit capped at the round’s close', examples: ['2026-07-01T10:10:00.000Z'] }),
      serverNow: Instant({ description: 'the server’s clock when answering, so that the client can correct its own', examples: ['2026-07-01T10:00:00.000Z'] }),
      questions: Type.Array(AttemptQuestionV1, { description: 'in drawn order' }),
      answers: Type.Array(SavedAnswerV1, { description: 'in the questions’ order' }),
      prediction: Nullable(
        Obj({
          wording: Type.String({ examples: ['Bao nhiêu người trả lời đúng tất cả?'] }),
          decimals: count({ description: 'decimals the answer may have', examples: [0] }),
        }),
        { description: 'the round’s prediction question, or null without one' },
      ),
      result: Nullable(AttemptResultV1, { description: 'null while active' }),
    },
    { description: 'An attempt as its contestant sees it.' },
  ),
);
export type AttemptV1 = Static<typeof AttemptV1>;

/** A line of the contestant's attempts in a round. */
export const AttemptSummaryV1 = named(
  'AttemptSummaryV1',
  Obj(
    {
      attemptId: attemptId(),
      attemptNo: Type.Integer({ minimum: 1 }),
      status: OneOf(ATTEMPT_STATUSES),
      correct: Nullable(count(), { description: 'null while active' }),
      points: Nullable(count(), { description: 'null while active' }),
      total: count({ description: 'questions in the attempt' }),
      durationMs: Nullable(count(), { description: 'null while active' }),
      startedAt: Instant(),
      deadline: Instant(),
      submittedAt: Nullable(Instant()),
    },
    { description: 'One of the contestant’s attempts, scored once submitted.' },
  ),
);
export type AttemptSummaryV1 = Static<typeof AttemptSummaryV1>;

/** GET /api/rounds/:roundId/attempts/mine — every attempt of the caller in the round (at most the attempts allowed). */
export const MyAttemptsV1 = named(
  'MyAttemptsV1',
  Obj(
    {
      roundId: roundId(),
      attemptsAllowed: Nullable(count(), { description: 'null: unlimited (a practice round or no limit)', examples: [3] }),
      attemptsUsed: count({ examples: [1] }),
      attemptsLeft: Nullable(count(), { description: 'null: unlimited', examples: [2] }),
      attempts: Type.Array(AttemptSummaryV1, { description: 'by attempt number' }),
      best: Nullable(AttemptSummaryV1, { description: 'the best submitted attempt (points, then duration, then submission time); null before one' }),
    },
    { description: 'The caller’s attempts of a round, how many are left, and the best one.' },
  ),
);
export type MyAttemptsV1 = Static<typeof MyAttemptsV1>;

/** A question of the review: the attempt's question with the key, what was chosen, and the explanation. */
export const ReviewQuestionV1 = named(
  'ReviewQuestionV1',
  Obj(
    {
      ...AttemptQuestionV1.properties,
      correctOptionIds: Type.Array(Type.String(), { description: 'the right options, as this attempt’s opaque ids' }),
      chosenOptionIds: Type.Array(Type.String(), { description: 'the options the contestant saved, as opaque ids' }),
      correct: Type.Boolean({ description: 'exactly the right options were chosen' }),
      explanation: Nullable(Type.String()),
    },
    { description: 'A question of an attempt with its key and explanation.' },
  ),
);
export type ReviewQuestionV1 = Static<typeof ReviewQuestionV1>;

/** GET /api/attempts/:id/review. */
export const AttemptReviewV1 = named(
  'AttemptReviewV1',
  Obj(
    {
      attempt: AttemptV1,
      questions: Type.Array(ReviewQuestionV1, { description: 'in drawn order' }),
    },
    { description: 'An attempt with the key and explanations of its questions (the owner when the reveal policy allows, judges always).' },
  ),
);
export type AttemptReviewV1 = Static<typeof AttemptReviewV1>;

/** GET /api/attempts/:id/audit — judges: what the attempt did, for anti-cheat review. */
export const AttemptAuditV1 = named(
  'AttemptAuditV1',
  Obj(
    {
      attemptId: attemptId(),
      roundId: roundId(),
      contestantId: Uuid(),
      unitId: Nullable(Uuid()),
      province: Nullable(Type.String({ description: 'the contestant’s province code when the attempt started' })),
      status: OneOf(ATTEMPT_STATUSES),
      ip: Nullable(Type.String({ examples: ['203.0.113.7'] })),
      userAgent: Nullable(Type.String({ maxLength: 512 })),
      startedAt: Instant(),
      deadline: Instant(),
      submittedAt: Nullable(Instant()),
      submittedBy: Nullable(OneOf(SUBMITTED_BY)),
      durationMs: Nullable(count()),
      correct: Nullable(count()),
      points: Nullable(count()),
      total: count(),
      seed: Type.String({ description: 'the attempt’s draw seed (hex), to replay the draw' }),
      draw: Obj(
        {
          rng: Type.String({ description: 'the draw algorithm’s version', examples: ['sfc32+cyrb128/v2'] }),
          questions: Type.Array(Obj({ id: questionId(), options: Type.Array(Type.String(), { description: 'real option ids in shown order' }) })),
        },
        { description: 'the questions drawn and their options’ order, as recorded' },
      ),
      answers: Type.Array(
        Obj({
          questionId: questionId(),
          optionIds: Type.Array(Type.String(), { description: 'real option ids' }),
          seq: count(),
          changes: count({ description: 'how many times the answer was saved' }),
          firstAnsweredAt: Instant(),
          lastAnsweredAt: Instant(),
          msFromStart: Type.Integer({ description: 'from the start to the first answer', examples: [1500] }),
        }),
        { description: 'in the questions’ order' },
      ),
      focusLosses: count({ description: '`blur` and `visibility-hidden` events', examples: [1] }),
      events: Type.Array(
        Obj({
          type: OneOf(ATTEMPT_EVENT_TYPES),
          clientAt: Nullable(Instant(), { description: 'the client’s clock, as it reported it' }),
          serverAt: Instant(),
          ip: Nullable(Type.String()),
        }),
        { description: 'oldest first (at most 5000)' },
      ),
    },
    { description: 'The anti-cheat signals of an attempt: address, device, draw, time per question, client events.' },
  ),
);
export type AttemptAuditV1 = Static<typeof AttemptAuditV1>;

const eventType = OneOf(ATTEMPT_EVENT_TYPES);
const eventAt = Instant({ maxLength: 40, description: 'the client’s time (ISO 8601); the server records its own too' });

/** POST /api/attempts/:id/events — one event and/or a batch the client queued while offline. */
export const AttemptEventsRequestV1 = named(
  'AttemptEventsRequestV1',
  Obj(
    {
      type: Type.Optional(eventType),
      at: Type.Optional(eventAt),
      events: Type.Optional(
        Type.Array(Obj({ type: eventType, at: Type.Optional(eventAt) }, { additionalProperties: false }), {
          minItems: 1,
          maxItems: MAX_ATTEMPT_EVENTS_PER_REQUEST,
          description: 'events queued by the client, oldest first',
        }),
      ),
    },
    {
      additionalProperties: false,
      anyOf: [{ required: ['type'] }, { required: ['events'] }],
      description:
        'Client signals of an attempt in progress: `{type, at?}` as it happens, and/or `{events: [...]}`; `type` is required unless `events` is given.',
    },
  ),
);
export type AttemptEventsRequestV1 = Static<typeof AttemptEventsRequestV1>;

/** PUT /api/attempts/:id/answers/:questionId. */
export const SaveAnswerRequestV1 = named(
  'SaveAnswerRequestV1',
  Obj(
    {
      optionIds: Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 16,
        uniqueItems: true,
        description: 'the attempt’s opaque option ids; [] clears the answer',
        examples: [['k3v9q2']],
      }),
      seq: Type.Integer({
        minimum: 0,
        maximum: 2147483647,
        description: 'increases with each change of this question on the client; a lower one never overwrites a higher one',
        examples: [3],
      }),
    },
    { additionalProperties: false, description: 'The chosen options of one question.' },
  ),
);
export type SaveAnswerRequestV1 = Static<typeof SaveAnswerRequestV1>;

/** The answer of a save (acknowledged only after the PostgreSQL commit). */
export const AnswerSavedV1 = named(
  'AnswerSavedV1',
  Obj(
    {
      saved: Type.Literal(true),
      seq: count({ description: 'the stored seq: higher than the one sent when a newer answer was already saved', examples: [3] }),
    },
    { description: 'The answer is stored.' },
  ),
);
export type AnswerSavedV1 = Static<typeof AnswerSavedV1>;

/** POST /api/attempts/:id/submit (the body may be absent). */
export const SubmitAttemptRequestV1 = named(
  'SubmitAttemptRequestV1',
  Obj(
    {
      prediction: Type.Optional(
        Nullable(Type.Union([Type.String({ pattern: PREDICTION_PATTERN }), Type.Number({ exclusiveMinimum: -1e15, exclusiveMaximum: 1e15 })]), {
          description:
            'a decimal string or a number, at most 15 integer digits and 5 decimals; required when the round has a prediction question (until the deadline)',
          examples: ['1234.5'],
        }),
      ),
    },
    { additionalProperties: false, description: 'The submission, with the prediction when the round asks for one.' },
  ),
);
export type SubmitAttemptRequestV1 = Static<typeof SubmitAttemptRequestV1>;
