/**
 * HTTP contracts of the contests and rounds routes of question-bank (docs/adr/0004-typed-contract.md): what anyone
 * sees of a contest and its published rounds (the contestant's pages, the posters), what an organizer configures of a
 * round, and the answers of publishing a round and correcting its key. The round's value types (targets, policies,
 * criteria, the blueprint cell) are those of the published snapshot (../rounds.ts), so a round reads the same here
 * and in the events.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { BlueprintCellV1, Difficulty, PartialCredit, PredictionTarget, RankingCriterion, RevealPolicy, TieSide } from '../rounds';
import { Instant, named, Nullable, Obj, OneOf, PageOf, Uuid } from './schema';

/**
 * Every value of the string union `T`, checked by the compiler both ways: a value outside `T` does not compile, and
 * neither does a list that forgets one of `T`'s values (so a target added to ../rounds.ts must be added here).
 */
const everyOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & (Exclude<T, A[number]> extends never ? unknown : { missing: Exclude<T, A[number]> })): A =>
    values;

export const PREDICTION_TARGETS = everyOf<PredictionTarget>()(['perfect-scorers', 'participations', 'contestants', 'perfect-percentage']);
export const TIE_SIDES = everyOf<TieSide>()(['over', 'under']);
export const RANKING_CRITERIA = everyOf<RankingCriterion>()(['points', 'prediction', 'duration', 'submittedAt']);
export const REVEAL_POLICIES = everyOf<RevealPolicy>()(['never', 'after-submit', 'after-close']);
export const PARTIAL_CREDITS = everyOf<PartialCredit>()(['all-or-nothing', 'proportional']);
export const BLUEPRINT_DIFFICULTIES = everyOf<Difficulty | '*'>()(['easy', 'medium', 'hard', '*']);
/** A round's status at the moment of the answer (the server's clock against its opening and closing times). */
export const ROUND_STATUSES = ['upcoming', 'open', 'closed'] as const;
export type RoundStatusV1 = (typeof ROUND_STATUSES)[number];

export const MATERIAL_KINDS = ['link', 'pdf', 'audio', 'video', 'document'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
/** Profile fields a contest may require at registration (full name, phone and password always are). */
export const REGISTRATION_FIELDS = ['citizenId', 'email', 'dateOfBirth', 'province', 'ward', 'unit', 'category'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

const instant = (description: string) => Instant({ description, examples: ['2026-08-01T10:00:00+07:00'] });

/** The QR codes of a contest page or a material (paths on this API; the code carries the link or the material's URL). */
export const QrLinksV1 = named(
  'QrLinksV1',
  Obj(
    {
      svg: Type.String({ description: 'path of the SVG (for print)', examples: ['/api/contests/d3e0c000-0000-4000-8000-000000000015/qr.svg'] }),
      png: Type.String({ description: 'path of the PNG (about 1024 px)', examples: ['/api/contests/d3e0c000-0000-4000-8000-000000000015/qr.png'] }),
    },
    { description: 'The QR codes (SVG and PNG) of a contest page or a study material; both are public and cacheable for 5 minutes.' },
  ),
);
export type QrLinksV1 = Static<typeof QrLinksV1>;

export const ContestMaterialV1 = named(
  'ContestMaterialV1',
  Obj(
    {
      id: Uuid({ description: 'keeps the material (and its QR code path) across edits' }),
      title: Type.String({ examples: ['Toàn văn Nghị quyết'] }),
      url: Type.String({ description: 'an http(s) address', examples: ['https://example.vn/nq15.pdf'] }),
      kind: OneOf(MATERIAL_KINDS),
      qr: QrLinksV1,
    },
    { description: 'A study material of a contest, with the QR codes of its URL (for the posters).' },
  ),
);
export type ContestMaterialV1 = Static<typeof ContestMaterialV1>;

/** What a contestant sees of a round's prediction question: the wording, never the tie rule. */
export const ContestRoundPredictionV1 = named(
  'ContestRoundPredictionV1',
  Type.Union(
    [
      Obj({
        enabled: Type.Literal(true),
        target: OneOf(PREDICTION_TARGETS),
        wording: Type.String({ examples: ['Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?'] }),
      }),
      Obj({ enabled: Type.Literal(false) }),
    ],
    { description: "The round's prediction question, or `{ enabled: false }` when it asks none." },
  ),
);
export type ContestRoundPredictionV1 = Static<typeof ContestRoundPredictionV1>;

export const ContestRoundV1 = named(
  'ContestRoundV1',
  Obj(
    {
      id: Uuid(),
      title: Type.String({ examples: ['Vòng 1 (tuần 1)'] }),
      opensAt: instant('Vietnam time, with its offset'),
      closesAt: instant('Vietnam time, with its offset; may move later (an extension), never earlier'),
      status: OneOf(ROUND_STATUSES, { description: "by the server's clock at the answer" }),
      published: Type.Boolean({ description: 'false only for a draft round, which only organizers see (GET /api/contests/{contestId})' }),
      questionCount: Type.Integer({ description: 'questions drawn for each attempt (the blueprint’s total)', examples: [10] }),
      timeLimitSeconds: Type.Integer({ examples: [900] }),
      attemptsAllowed: Nullable(Type.Integer(), { description: 'null: unlimited' }),
      prediction: ContestRoundPredictionV1,
      rankingRule: Type.Array(OneOf(RANKING_CRITERIA), { description: 'the ranking criteria, most significant first' }),
      revealPolicy: OneOf(REVEAL_POLICIES),
      practice: Type.Boolean({ description: 'a practice round is not ranked' }),
    },
    { description: 'What anyone sees of a round inside its contest: times, status and settings, never a question nor a key.' },
  ),
);
export type ContestRoundV1 = Static<typeof ContestRoundV1>;

export const ContestV1 = named(
  'ContestV1',
  Obj(
    {
      id: Uuid(),
      title: Type.String({ examples: ['Tìm hiểu Nghị quyết Đại hội Đảng'] }),
      description: Type.String({ description: 'plain text (never HTML); may be empty' }),
      rules: Type.String({ description: 'plain text with line breaks; may be empty' }),
      published: Type.Boolean({ description: 'false: a draft, seen by organizers only (?drafts=true, or by id with an organizer’s token)' }),
      link: Type.String({
        description: 'the contest page at PUBLIC_BASE_URL (what the poster’s QR code carries)',
        examples: ['https://hoithi.example.vn/contests/d3e0c000-0000-4000-8000-000000000015'],
      }),
      qr: QrLinksV1,
      materials: Type.Array(ContestMaterialV1),
      requiredRegistrationFields: Type.Array(OneOf(REGISTRATION_FIELDS), { description: 'profile fields a contestant must have filled in to take part' }),
      unitTreeRootId: Nullable(Uuid(), { description: 'the unit tree contestants choose their unit from; null: the whole tree' }),
      rounds: Type.Array(ContestRoundV1, {
        description: 'by opening time; published rounds only, but organizers also get the drafts on GET /api/contests/{contestId}',
      }),
      createdAt: Instant(),
      updatedAt: Instant(),
    },
    { description: 'A contest as its page and its posters show it: texts, materials, links, QR codes and rounds.' },
  ),
);
export type ContestV1 = Static<typeof ContestV1>;

export const ContestPageV1 = named('ContestPageV1', {
  ...PageOf(ContestV1),
  description: 'Contests, newest first (keyset-paged: `?limit=` 1–200, default 50, `?cursor=`).',
});
export type ContestPageV1 = Static<typeof ContestPageV1>;

export const RoundBlueprintCellV1 = named(
  'RoundBlueprintCellV1',
  Obj(
    {
      topic: Type.String({ description: "a topic of the bank, or '*' for any", examples: ['Chủ đề A'] }),
      difficulty: OneOf(BLUEPRINT_DIFFICULTIES, { description: "'*' for any" }),
      count: Type.Integer({ description: 'questions drawn from the cell for each attempt', examples: [5] }),
    },
    { description: 'One cell of a round’s blueprint: how many questions of a topic and difficulty each attempt draws.' },
  ),
);
export type RoundBlueprintCellV1 = Static<typeof RoundBlueprintCellV1>;

export const RoundPredictionV1 = named(
  'RoundPredictionV1',
  Obj(
    {
      enabled: Type.Boolean(),
      target: OneOf(PREDICTION_TARGETS, { description: 'the figure contestants guess' }),
      wording: Type.String({ examples: ['Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?'] }),
      tieSide: OneOf(TIE_SIDES, { description: 'which guess wins at equal distance' }),
    },
    { description: 'A round’s prediction question as the organizer configured it (kept, with `enabled: false`, when switched off).' },
  ),
);
export type RoundPredictionV1 = Static<typeof RoundPredictionV1>;

export const RoundV1 = named(
  'RoundV1',
  Obj(
    {
      id: Uuid(),
      contestId: Uuid(),
      bankId: Uuid({ description: 'the question bank the blueprint draws from' }),
      title: Type.String({ examples: ['Vòng 1 (tuần 1)'] }),
      opensAt: instant('Vietnam time, with its offset'),
      closesAt: instant('Vietnam time, with its offset'),
      status: OneOf(ROUND_STATUSES, { description: "by the server's clock at the answer" }),
      published: Type.Boolean({ description: 'true once frozen by POST /api/rounds/{roundId}/publish' }),
      publishedAt: Nullable(Instant(), { description: 'null while a draft' }),
      blueprint: Type.Array(RoundBlueprintCellV1),
      questionCount: Type.Integer({ description: 'the blueprint’s total', examples: [10] }),
      timeLimitSeconds: Type.Integer({ examples: [900] }),
      attemptsAllowed: Nullable(Type.Integer(), { description: 'null: unlimited' }),
      pointsPerQuestion: Nullable(Type.Integer(), { description: "null: each question's own points" }),
      prediction: RoundPredictionV1,
      rankingRule: Type.Array(OneOf(RANKING_CRITERIA), { description: 'most significant first' }),
      revealPolicy: OneOf(REVEAL_POLICIES),
      practice: Type.Boolean(),
      partialCredit: OneOf(PARTIAL_CREDITS),
      keyVersion: Nullable(Type.Integer(), { description: 'null while a draft; increases with each key correction' }),
      poolSize: Nullable(Type.Integer(), { description: 'null while a draft; the questions frozen in the round (its pool)' }),
    },
    { description: 'A round with its whole configuration, as an organizer sees and edits it (never a question nor a key).' },
  ),
);
export type RoundV1 = Static<typeof RoundV1>;

export const RoundPageV1 = named('RoundPageV1', {
  ...PageOf(RoundV1),
  description: 'A contest’s rounds, drafts included, by opening time (keyset-paged: `?limit=` 1–200, default 50, `?cursor=`).',
});
export type RoundPageV1 = Static<typeof RoundPageV1>;

export const RoundPublicationV1 = named(
  'RoundPublicationV1',
  Obj(
    {
      roundId: Uuid(),
      contestId: Uuid(),
      publishedAt: Instant(),
      poolSize: Type.Integer({ description: 'the questions frozen in the round', examples: [138] }),
      keyVersion: Type.Integer({ examples: [1] }),
      alreadyPublished: Type.Boolean({ description: 'true: the round was already published; only its Redis copy was reloaded (no new event)' }),
    },
    { description: 'The answer of publishing a round (idempotent).' },
  ),
);
export type RoundPublicationV1 = Static<typeof RoundPublicationV1>;

export const KeyCorrectionV1 = named(
  'KeyCorrectionV1',
  Obj(
    {
      roundId: Uuid(),
      questionVersionId: Uuid(),
      correctOptionIds: Type.Array(Uuid(), { description: 'the key now, in the options’ order' }),
      keyVersion: Type.Integer({ examples: [2] }),
      changed: Type.Boolean({ description: 'false: the key already was this one; nothing changed and no event was emitted' }),
    },
    { description: 'The answer of correcting one question’s key in a published round (an erratum; organizers only).' },
  ),
);
export type KeyCorrectionV1 = Static<typeof KeyCorrectionV1>;

// ---- Requests (validated by the DTO classes, which implement these types) ----

export const ContestMaterialRequestV1 = named(
  'ContestMaterialRequestV1',
  Obj(
    {
      id: Type.Optional(Uuid({ description: 'keep an existing material (and its QR code path) by its id; absent: a new one' })),
      title: Type.String({ minLength: 1, maxLength: 300 }),
      url: Type.String({ maxLength: 2000, description: 'an http(s) address' }),
      kind: OneOf(MATERIAL_KINDS),
    },
    { description: 'A study material as an organizer sends it.' },
  ),
);
export type ContestMaterialRequestV1 = Static<typeof ContestMaterialRequestV1>;

const contestFields = {
  title: Type.String({ minLength: 1, maxLength: 300, examples: ['Tìm hiểu Nghị quyết Đại hội Đảng'] }),
  description: Type.Optional(Type.String({ maxLength: 10000 })),
  rules: Type.Optional(Type.String({ maxLength: 20000 })),
  materials: Type.Optional(Type.Array(ContestMaterialRequestV1, { maxItems: 50, description: 'the whole list: replaces the current one' })),
  requiredRegistrationFields: Type.Optional(Type.Array(OneOf(REGISTRATION_FIELDS), { maxItems: REGISTRATION_FIELDS.length })),
  unitTreeRootId: Type.Optional(Nullable(Uuid())),
  published: Type.Optional(
    Type.Boolean({ description: 'visible to the public (GET /api/contests); a change reaches the rounds’ snapshots, exam-session and leaderboard' }),
  ),
};

export const CreateContestRequestV1 = named('CreateContestRequestV1', Obj(contestFields, { description: 'A new contest (a draft unless `published`).' }));
export type CreateContestRequestV1 = Static<typeof CreateContestRequestV1>;

export const UpdateContestRequestV1 = named(
  'UpdateContestRequestV1',
  Obj({ ...contestFields, title: Type.Optional(contestFields.title) }, { description: 'Any subset of a contest’s fields; those absent stay as they are.' }),
);
export type UpdateContestRequestV1 = Static<typeof UpdateContestRequestV1>;

export const RoundPredictionRequestV1 = named(
  'RoundPredictionRequestV1',
  Obj(
    {
      enabled: Type.Boolean(),
      target: Type.Optional(OneOf(PREDICTION_TARGETS, { default: 'perfect-scorers' })),
      wording: Type.Optional(Type.String({ maxLength: 500, description: 'empty or absent: the default wording' })),
      tieSide: Type.Optional(OneOf(TIE_SIDES, { default: 'under', description: 'which guess wins at equal distance' })),
    },
    { description: 'A round’s prediction question as an organizer sends it.' },
  ),
);
export type RoundPredictionRequestV1 = Static<typeof RoundPredictionRequestV1>;

const offsetTime = (example: string) =>
  Type.String({ description: 'ISO 8601 with an offset (Z or ±hh:mm); a time without one is refused (`round.time.offset`)', examples: [example] });

const roundFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  bankId: Uuid(),
  opensAt: offsetTime('2026-08-01T10:00:00+07:00'),
  closesAt: offsetTime('2026-08-31T09:00:00+07:00'),
  blueprint: Type.Array(RoundBlueprintCellV1, { minItems: 1, maxItems: 100, description: '1 to 127 questions in all; each cell 1–127' }),
  timeLimitSeconds: Type.Integer({ minimum: 60, maximum: 7200, examples: [900] }),
  attemptsAllowed: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }), { description: 'null: unlimited; absent on creation: 1' })),
  pointsPerQuestion: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }), { description: "null: each question's own points" })),
  prediction: Type.Optional(RoundPredictionRequestV1),
  rankingRule: Type.Optional(
    Type.Array(OneOf(RANKING_CRITERIA), { maxItems: RANKING_CRITERIA.length, description: 'distinct criteria, most significant first' }),
  ),
  revealPolicy: Type.Optional(OneOf(REVEAL_POLICIES, { default: 'after-close' })),
  practice: Type.Optional(Type.Boolean({ default: false })),
  partialCredit: Type.Optional(OneOf(PARTIAL_CREDITS, { default: 'all-or-nothing' })),
};

export const CreateRoundRequestV1 = named('CreateRoundRequestV1', Obj(roundFields, { description: 'A new (draft) round of a contest.' }));
export type CreateRoundRequestV1 = Static<typeof CreateRoundRequestV1>;

export const UpdateRoundRequestV1 = named(
  'UpdateRoundRequestV1',
  Type.Partial(Obj(roundFields), {
    description: 'Any subset of a draft round’s fields. Once published only a later `closesAt` is accepted (else 409 `round.frozen`).',
  }),
);
export type UpdateRoundRequestV1 = Static<typeof UpdateRoundRequestV1>;

export const CorrectKeyRequestV1 = named(
  'CorrectKeyRequestV1',
  Obj(
    {
      correctOptionIds: Type.Array(Uuid(), {
        minItems: 1,
        maxItems: 8,
        description: 'options of this question version; exactly one unless it is a multiple-choice question',
      }),
      reason: Type.String({ minLength: 3, maxLength: 2000, description: 'why the key changes (kept in the audit log)' }),
    },
    { description: 'An erratum: the corrected key of one question version of a published round.' },
  ),
);
export type CorrectKeyRequestV1 = Static<typeof CorrectKeyRequestV1>;

// The blueprint cell of the HTTP contract is the snapshot's (../rounds.ts): the compiler holds them together.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameBlueprintCell: Same<RoundBlueprintCellV1, BlueprintCellV1> = true;
void sameBlueprintCell;
