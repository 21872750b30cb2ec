import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PageQueryV1, QuestionPageV1, QuestionV1, QuestionVersionListV1 } from '@hoi-thi/contracts';
import { ProblemException } from '@hoi-thi/platform';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { BanksRepository } from '../banks/banks.repository';
import { decodeCursor, isSeq, pageOf } from '../common/page-cursor';
import { duplicateKey, searchKey } from '../common/text';
import { toVnIso } from '../common/vn-time';
import { buildQuestionContent, FieldIssue, QuestionDraft, sameContent } from './question-rules';
import { QuestionFilter, QuestionsRepository, StoredQuestion } from './questions.repository';
import { questionBankError } from '../question-bank.errors';

export function toQuestionView(q: StoredQuestion): QuestionV1 {
  return {
    id: q.id,
    bankId: q.bankId,
    versionId: q.versionId,
    version: q.version,
    kind: q.kind,
    text: q.text,
    options: q.options.map((o) => ({ id: o.id, text: o.text })),
    correctOptionIds: q.correctOptionIds,
    explanation: q.explanation,
    topic: q.topic,
    difficulty: q.difficulty,
    article: q.article,
    imageUrl: q.imageUrl,
    points: q.points,
    createdAt: toVnIso(q.createdAt),
    updatedAt: toVnIso(q.updatedAt),
  };
}

export const issuesProblem = (issues: FieldIssue[]) =>
  questionBankError(
    'validation.failed',
    issues.map((i) => ({ field: i.field, constraint: 'custom', message: i.key })),
  );

/** Banks' questions: create, search, edit (a new version each time), soft delete. */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly questions: QuestionsRepository,
    private readonly banks: BanksRepository,
    private readonly audit: AuditRepository,
  ) {}

  private async bankOr404(bankId: string): Promise<void> {
    if (!(await this.banks.get(bankId))) throw questionBankError('bank.not-found');
  }

  /** In creation order, keyset-paged, with the number of all matches. */
  async list(bankId: string, f: Pick<QuestionFilter, 'topic' | 'difficulty' | 'kind' | 'q'> & PageQueryV1): Promise<QuestionPageV1> {
    await this.bankOr404(bankId);
    const limit = f.limit ?? 50;
    const afterSeq = f.cursor ? decodeCursor(f.cursor, (p) => p.length === 1 && isSeq(p[0]))[0] : undefined;
    const { items, total } = await this.questions.list(bankId, {
      topic: f.topic,
      difficulty: f.difficulty,
      kind: f.kind,
      q: f.q ? searchKey(f.q) : undefined,
      limit,
      afterSeq,
    });
    const page = pageOf(items, limit, (last) => [last.seq]);
    return { items: page.items.map(toQuestionView), nextCursor: page.nextCursor, total };
  }

  async get(id: string): Promise<QuestionV1> {
    const q = await this.questions.get(id);
    if (!q) throw questionBankError('question.not-found');
    return toQuestionView(q);
  }

  /** Every version, newest first: a handful per question, so one page. */
  async versions(id: string): Promise<QuestionVersionListV1> {
    const rows = await this.questions.versions(id);
    if (!rows.length) throw questionBankError('question.not-found');
    return { items: rows.map(toQuestionView), nextCursor: null };
  }

  async create(actor: Actor, bankId: string, draft: QuestionDraft & { allowDuplicate?: boolean }): Promise<QuestionV1> {
    await this.bankOr404(bankId);
    const { content, issues } = buildQuestionContent(draft);
    if (!content) throw issuesProblem(issues);
    const dup = duplicateKey(content.text);
    const questionId = randomUUID();
    await this.banks.transaction(async (m) => {
      if (!draft.allowDuplicate) {
        const found = await this.questions.findNearDuplicates(bankId, [{ dup, search: searchKey(content.text) }], null, m);
        if (found.size) throw duplicateProblem(found.get(0)!);
      }
      await this.questions.insertMany(m, bankId, [{ questionId, versionId: randomUUID(), content, dup, search: searchKey(content.text) }], actor.sub);
      await this.audit.record(actor, { action: 'question.create', entityType: 'question', entityId: questionId, details: { bankId } }, m);
    });
    return this.get(questionId);
  }

  async update(actor: Actor, id: string, patch: Partial<QuestionDraft> & { allowDuplicate?: boolean }): Promise<QuestionV1> {
    return this.banks.transaction(async (m) => {
      const current = await this.questions.get(id, m, true);
      if (!current) throw questionBankError('question.not-found');
      const draft: QuestionDraft = {
        kind: patch.kind ?? current.kind,
        text: patch.text ?? current.text,
        topic: patch.topic ?? current.topic,
        difficulty: patch.difficulty ?? current.difficulty,
        explanation: patch.explanation !== undefined ? patch.explanation : current.explanation,
        article: patch.article !== undefined ? patch.article : current.article,
        imageUrl: patch.imageUrl !== undefined ? patch.imageUrl : current.imageUrl,
        points: patch.points ?? current.points,
        options: patch.options ?? current.options.map((o) => ({ id: o.id, text: o.text, correct: current.correctOptionIds.includes(o.id) })),
      };
      const { content, issues } = buildQuestionContent(draft, new Set(current.options.map((o) => o.id)));
      if (!content) throw issuesProblem(issues);
      const unchanged = sameContent(content, current) && JSON.stringify(content.options.map((o) => o.id)) === JSON.stringify(current.options.map((o) => o.id));
      if (unchanged) return toQuestionView(current);
      const dup = duplicateKey(content.text);
      if (!patch.allowDuplicate && dup !== duplicateKey(current.text)) {
        const found = await this.questions.findNearDuplicates(current.bankId, [{ dup, search: searchKey(content.text) }], id, m);
        if (found.size) throw duplicateProblem(found.get(0)!);
      }
      const versionId = randomUUID();
      await this.questions.addVersion(m, { questionId: id, versionId, version: current.version + 1, content, dup, search: searchKey(content.text) }, actor.sub);
      await this.audit.record(
        actor,
        {
          action: 'question.edit',
          entityType: 'question',
          entityId: id,
          details: { fromVersionId: current.versionId, toVersionId: versionId, version: current.version + 1 },
        },
        m,
      );
      return toQuestionView((await this.questions.get(id, m))!);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.banks.transaction(async (m) => {
      const current = await this.questions.get(id, m, true);
      if (!current) throw questionBankError('question.not-found');
      await this.questions.softDelete(m, id);
      await this.audit.record(actor, { action: 'question.delete', entityType: 'question', entityId: id, details: { bankId: current.bankId } }, m);
    });
  }
}

/** 409 naming the existing question: errors = [{field: 'text', …}, {field: 'duplicateOf', message: <question id>}]. */
export function duplicateProblem(existingId: string): ProblemException {
  return questionBankError('question.near-duplicate', [
    { field: 'text', constraint: 'custom', message: 'question.duplicate-in-bank' },
    { field: 'duplicateOf', constraint: 'custom', message: existingId },
  ]);
}
