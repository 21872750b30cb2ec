/**
 * HTTP contracts of the question bank's banks, questions, imports and audit log, and of registration's units and
 * geography (docs/adr/0004-typed-contract.md).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Instant, named, Nullable, Obj, OneOf, PageOf, Uuid } from './schema';

export const QUESTION_KINDS = ['single', 'multiple', 'true-false'] as const;
export const DIFFICULTY_LEVELS = ['easy', 'medium', 'hard'] as const;

/** The question bank answers its times in Vietnam's offset (`2026-11-21T10:00:00+07:00`). */
const VnInstant = (description?: string) => Instant({ examples: ['2026-11-21T10:00:00+07:00'], ...(description ? { description } : {}) });

// ─── Banks ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A question bank, as listed. */
export const BankV1 = named(
  'BankV1',
  Obj(
    {
      id: Uuid(),
      name: Type.String({ examples: ['Ngân hàng câu hỏi Nghị quyết 15-NQ/TW'] }),
      description: Type.String({ description: 'empty when none was given' }),
      questionCount: Type.Integer({ minimum: 0, description: 'live (not deleted) questions', examples: [120] }),
      createdAt: VnInstant(),
      updatedAt: VnInstant(),
    },
    { description: 'A question bank, as listed.' },
  ),
);
export type BankV1 = Static<typeof BankV1>;

/** How many live questions a bank holds in one topic × difficulty: what a round's blueprint is checked against. */
export const BankCellV1 = named(
  'BankCellV1',
  Obj(
    {
      topic: Type.String({ examples: ['Nghị quyết 15-NQ/TW'] }),
      difficulty: OneOf(DIFFICULTY_LEVELS),
      count: Type.Integer({ minimum: 1, examples: [40] }),
    },
    { description: 'The number of live questions of a bank in one topic and difficulty.' },
  ),
);
export type BankCellV1 = Static<typeof BankCellV1>;

/** One bank with its counts per topic × difficulty. */
export const BankDetailV1 = named(
  'BankDetailV1',
  Obj(
    { ...BankV1.properties, cells: Type.Array(BankCellV1, { description: 'by topic, then difficulty; only non-empty cells' }) },
    { description: 'A question bank with its question counts per topic and difficulty (what blueprints are built from).' },
  ),
);
export type BankDetailV1 = Static<typeof BankDetailV1>;

export const BankPageV1 = named('BankPageV1', Obj(PageOf(BankV1).properties, { description: 'Live banks, newest first, keyset-paged (`?limit=&cursor=`).' }));
export type BankPageV1 = Static<typeof BankPageV1>;

export const CreateBankRequestV1 = named(
  'CreateBankRequestV1',
  Obj(
    {
      name: Type.String({ minLength: 1, maxLength: 200, examples: ['Ngân hàng câu hỏi Nghị quyết 15-NQ/TW'] }),
      description: Type.Optional(Type.String({ maxLength: 4000 })),
    },
    { description: 'A new question bank.' },
  ),
);
export type CreateBankRequestV1 = Static<typeof CreateBankRequestV1>;

export const UpdateBankRequestV1 = named(
  'UpdateBankRequestV1',
  Obj(
    { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 4000 })) },
    { description: 'The fields of a bank to change (any subset).' },
  ),
);
export type UpdateBankRequestV1 = Static<typeof UpdateBankRequestV1>;

// ─── Questions ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const QuestionOptionV1 = named(
  'QuestionOptionV1',
  Obj(
    { id: Uuid({ description: 'stable across versions while the option is kept' }), text: Type.String({ examples: ['Ngày 5/5/2022'] }) },
    { description: 'One option of a question.' },
  ),
);
export type QuestionOptionV1 = Static<typeof QuestionOptionV1>;

/** A question's current (or a past) version, as staff see it: with the answer key and the explanation. */
export const QuestionV1 = named(
  'QuestionV1',
  Obj(
    {
      id: Uuid(),
      bankId: Uuid(),
      versionId: Uuid({ description: 'the immutable version this content is (rounds freeze versions)' }),
      version: Type.Integer({ minimum: 1, examples: [1] }),
      kind: OneOf(QUESTION_KINDS),
      text: Type.String({ examples: ['Bộ Chính trị ban hành Nghị quyết số 15-NQ/TW vào ngày nào?'] }),
      options: Type.Array(QuestionOptionV1, { minItems: 2, maxItems: 8 }),
      correctOptionIds: Type.Array(Uuid(), { minItems: 1, description: 'the answer key: ids of the correct options (staff only)' }),
      explanation: Nullable(Type.String()),
      topic: Type.String({ examples: ['Nghị quyết 15-NQ/TW'] }),
      difficulty: OneOf(DIFFICULTY_LEVELS),
      article: Nullable(Type.String({ description: 'the article of the resolution the question tests' })),
      imageUrl: Nullable(Type.String({ description: 'an http(s) address' })),
      points: Type.Integer({ minimum: 1, maximum: 100 }),
      createdAt: VnInstant('when the question was first created'),
      updatedAt: VnInstant('when its current version was made (or it was deleted)'),
    },
    { description: 'A version of a question with its answer key, as organizers see it.' },
  ),
);
export type QuestionV1 = Static<typeof QuestionV1>;

export const QuestionPageV1 = named(
  'QuestionPageV1',
  Obj(
    {
      ...PageOf(QuestionV1).properties,
      total: Type.Integer({ minimum: 0, description: 'how many questions match the filter, over all pages' }),
    },
    { description: 'A bank’s live questions matching the filter, in creation order, keyset-paged (`?limit=&cursor=`).' },
  ),
);
export type QuestionPageV1 = Static<typeof QuestionPageV1>;

export const QuestionVersionListV1 = named(
  'QuestionVersionListV1',
  Obj(PageOf(QuestionV1).properties, { description: 'Every version of a question, newest first (all of them: `nextCursor` is always null).' }),
);
export type QuestionVersionListV1 = Static<typeof QuestionVersionListV1>;

export const QuestionOptionRequestV1 = named(
  'QuestionOptionRequestV1',
  Obj(
    {
      id: Type.Optional(Uuid({ description: 'keep an existing option (edit): its id from the current version' })),
      text: Type.String({ maxLength: 1000, examples: ['Ngày 5/5/2022'] }),
      correct: Type.Optional(Type.Boolean({ description: 'true for a correct option' })),
    },
    { description: 'An option of a question being written.' },
  ),
);
export type QuestionOptionRequestV1 = Static<typeof QuestionOptionRequestV1>;

const questionRequestFields = {
  kind: OneOf(QUESTION_KINDS),
  text: Type.String({ maxLength: 2000, examples: ['Bộ Chính trị ban hành Nghị quyết số 15-NQ/TW vào ngày nào?'] }),
  options: Type.Array(QuestionOptionRequestV1, { minItems: 2, maxItems: 8 }),
  explanation: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  topic: Type.String({ maxLength: 200, examples: ['Nghị quyết 15-NQ/TW'] }),
  difficulty: OneOf(DIFFICULTY_LEVELS),
  article: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  imageUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  points: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
  allowDuplicate: Type.Optional(Type.Boolean({ description: 'add even when a near-duplicate exists (otherwise 409 `question.near-duplicate`)' })),
};

export const CreateQuestionRequestV1 = named('CreateQuestionRequestV1', Obj(questionRequestFields, { description: 'A new question of a bank.' }));
export type CreateQuestionRequestV1 = Static<typeof CreateQuestionRequestV1>;

export const UpdateQuestionRequestV1 = named(
  'UpdateQuestionRequestV1',
  Type.Partial(Obj(questionRequestFields), {
    description: 'Any subset of a question’s fields; the edit makes a new version (`options` given replace the list; their ids keep existing options).',
  }),
);
export type UpdateQuestionRequestV1 = Static<typeof UpdateQuestionRequestV1>;

// ─── Imports ────────────────────────────────────────────────────────────────────────────────────────────────────────

export const IMPORT_MODES = ['best-effort', 'all-or-nothing'] as const;

export const ImportRejectionV1 = named(
  'ImportRejectionV1',
  Obj(
    {
      row: Type.Integer({ minimum: 2, description: 'line in the sheet (the header is line 1)', examples: [7] }),
      field: Type.String({ description: 'the column (`text`, `topic`, an option letter `A`–`H`, `correct`, …)', examples: ['correct'] }),
      message: Type.String({ description: 'why, in the Accept-Language (Vietnamese by default)', examples: ['Cần chỉ ra đáp án đúng.'] }),
    },
    { description: 'One reason a row of an imported sheet was refused (a row may have several).' },
  ),
);
export type ImportRejectionV1 = Static<typeof ImportRejectionV1>;

export const ImportReportV1 = named(
  'ImportReportV1',
  Obj(
    {
      imported: Type.Integer({ minimum: 0, examples: [118] }),
      rejected: Type.Array(ImportRejectionV1, { description: 'by row' }),
      rows: Type.Integer({ minimum: 0, description: 'non-empty question rows read', examples: [120] }),
      mode: OneOf(IMPORT_MODES),
      committed: Type.Boolean({ description: 'false when nothing was written (all-or-nothing with a rejected row)' }),
    },
    { description: 'What an import of a question sheet did.' },
  ),
);
export type ImportReportV1 = Static<typeof ImportReportV1>;

// ─── Audit ──────────────────────────────────────────────────────────────────────────────────────────────────────────

export const AUDIT_ENTITY_TYPES = ['bank', 'question', 'contest', 'round'] as const;

export const QuestionBankAuditEntryV1 = named(
  'QuestionBankAuditEntryV1',
  Obj(
    {
      id: Type.Integer({ minimum: 1 }),
      at: VnInstant(),
      actorId: Nullable(Uuid({ description: 'null for the system (the demo seed)' })),
      actorRoles: Type.Array(Type.String(), { examples: [['organizer']] }),
      action: Type.String({ examples: ['question.edit'] }),
      entityType: OneOf(AUDIT_ENTITY_TYPES),
      entityId: Nullable(Uuid()),
      details: Type.Record(Type.String(), Type.Unknown(), { description: 'what the action changed; its shape depends on the action' }),
    },
    { description: 'One organizer action on a bank, question, contest or round.' },
  ),
);
export type QuestionBankAuditEntryV1 = Static<typeof QuestionBankAuditEntryV1>;

export const QuestionBankAuditPageV1 = named(
  'QuestionBankAuditPageV1',
  Obj(PageOf(QuestionBankAuditEntryV1).properties, { description: 'The question bank’s audit log, newest first, keyset-paged (`?limit=&cursor=`).' }),
);
export type QuestionBankAuditPageV1 = Static<typeof QuestionBankAuditPageV1>;

// ─── Registration: units ────────────────────────────────────────────────────────────────────────────────────────────

const unitFields = {
  id: Uuid(),
  parentId: Nullable(Uuid({ description: 'null for a root' })),
  code: Type.String({ examples: ['HN-BD-CB01'] }),
  name: Type.String({ examples: ['Chi bộ 1'] }),
  memberCount: Nullable(Type.Integer({ minimum: 0, examples: [35] })),
  depth: Type.Integer({ minimum: 0, maximum: 7, description: '0 for a root' }),
};

/** A node of the organizer's unit tree (city committee → ward committees → cells). */
export const UnitV1 = named(
  'UnitV1',
  Obj(unitFields, { description: 'A unit of the tree (city committee → ward committees → cells), flat: its parent by id.' }),
);
export type UnitV1 = Static<typeof UnitV1>;

export interface UnitNodeV1 extends UnitV1 {
  children: UnitNodeV1[];
}
/** A unit with its children, nested (`?view=tree`). */
export const UnitNodeV1 = named(
  'UnitNodeV1',
  Obj(
    { ...unitFields, children: Type.Array(Type.Unsafe<UnitNodeV1>({ $ref: '#/components/schemas/UnitNodeV1' })) },
    { description: 'A unit with its children nested.' },
  ),
);

export const UnitPageV1 = named(
  'UnitPageV1',
  Obj(PageOf(UnitV1).properties, { description: 'The whole unit tree, flat, roots first then by name (`nextCursor` always null).' }),
);
export type UnitPageV1 = Static<typeof UnitPageV1>;

export const UnitTreeV1 = named(
  'UnitTreeV1',
  Obj(PageOf(UnitNodeV1).properties, { description: 'The whole unit tree, nested: the roots with their children (`nextCursor` always null).' }),
);
export type UnitTreeV1 = Static<typeof UnitTreeV1>;

export const UnitListV1 = named(
  'UnitListV1',
  Type.Union([UnitPageV1, UnitTreeV1], { description: '`?view=flat` (default): UnitPageV1; `?view=tree`: UnitTreeV1.' }),
);
export type UnitListV1 = Static<typeof UnitListV1>;

export const CreateUnitRequestV1 = named(
  'CreateUnitRequestV1',
  Obj(
    {
      code: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', examples: ['HN-BD-CB01'] }),
      name: Type.String({ minLength: 2, maxLength: 200, examples: ['Chi bộ 1'] }),
      parentId: Type.Optional(Nullable(Uuid())),
      memberCount: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000, examples: [35] }))),
    },
    { description: 'A new unit, under `parentId` or as a root.' },
  ),
);
export type CreateUnitRequestV1 = Static<typeof CreateUnitRequestV1>;

export const UnitImportRejectionV1 = named(
  'UnitImportRejectionV1',
  Obj(
    {
      row: Type.Integer({ minimum: 2, description: 'line in the file (the header is line 1)' }),
      field: OneOf(['code', 'name', 'parentCode', 'memberCount'] as const),
      code: Type.String({ description: 'the error code', examples: ['unit.parent.invalid'] }),
      message: Type.String({ description: 'why, in the Accept-Language (Vietnamese by default)' }),
    },
    { description: 'A row of a unit CSV that was refused.' },
  ),
);
export type UnitImportRejectionV1 = Static<typeof UnitImportRejectionV1>;

export const UnitImportReportV1 = named(
  'UnitImportReportV1',
  Obj(
    {
      imported: Type.Integer({ minimum: 0, description: 'new units', examples: [42] }),
      updated: Type.Integer({ minimum: 0, description: 'existing codes whose name and member count were updated' }),
      rejected: Type.Array(UnitImportRejectionV1),
    },
    { description: 'What an import of a unit CSV did.' },
  ),
);
export type UnitImportReportV1 = Static<typeof UnitImportReportV1>;

// ─── Registration: geography ────────────────────────────────────────────────────────────────────────────────────────

export const ProvinceV1 = named(
  'ProvinceV1',
  Obj(
    { code: Type.String({ examples: ['01'] }), name: Type.String({ examples: ['Hà Nội'] }) },
    { description: 'A province or centrally-run city (since 1 July 2025).' },
  ),
);
export type ProvinceV1 = Static<typeof ProvinceV1>;

export const ProvinceListV1 = named(
  'ProvinceListV1',
  Obj(PageOf(ProvinceV1).properties, { description: 'The 34 provinces (all of them: `nextCursor` is always null).' }),
);
export type ProvinceListV1 = Static<typeof ProvinceListV1>;

export const WardV1 = named(
  'WardV1',
  Obj(
    { code: Type.String({ examples: ['10101003'] }), name: Type.String({ examples: ['Phường Ba Đình'] }) },
    { description: 'A ward or commune of a province.' },
  ),
);
export type WardV1 = Static<typeof WardV1>;

export const WardListV1 = named(
  'WardListV1',
  Obj(PageOf(WardV1).properties, { description: 'Every ward and commune of one province (`nextCursor` is always null).' }),
);
export type WardListV1 = Static<typeof WardListV1>;
