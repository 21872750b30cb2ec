import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AnswerKeyV1, BlueprintCellV1, KeyCorrectionV1, PageQueryV1, RoundPageV1, RoundPublicationV1, RoundSnapshotV1, RoundV1 } from '@hoi-thi/contracts';
import { assertRankingRule, checkBlueprint, DEFAULT_RANKING_RULE, revealLeaksKey, roundStatus } from '@hoi-thi/domain';
import { Clock, FieldError, ProblemException } from '@hoi-thi/platform';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { BanksRepository } from '../banks/banks.repository';
import { parseIsoWithOffset, toVnIso } from '../common/vn-time';
import { ContestsRepository } from '../contests/contests.repository';
import { decodePageCursor, toPage } from '../common/page-cursor';
import { QuestionsRepository } from '../questions/questions.repository';
import type { CorrectKeyDto, CreateRoundDto, UpdateRoundDto } from './dto/round.dto';
import { buildRoundSnapshot, roundPool } from './round-snapshot';
import { RoundCache } from './round-cache';
import type { PredictionSettings } from './round.entity';
import { PublishedFigures, RoundRow, RoundsRepository } from './rounds.repository';
import { questionBankError, questionBankFieldErrorOf } from '../question-bank.errors';

export const DEFAULT_PREDICTION_WORDING = 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?';
const FROZEN_EDITABLE = new Set(['closesAt']);

const field = questionBankFieldErrorOf;

/** Organizer view of a round (the full configuration), with its published record's figures (null while a draft). */
export function toRoundView(r: RoundRow, now: Date, published: PublishedFigures): RoundV1 {
  return {
    id: r.id,
    contestId: r.contestId,
    bankId: r.bankId,
    title: r.title,
    opensAt: toVnIso(r.opensAt),
    closesAt: toVnIso(r.closesAt),
    status: roundStatus(now, r.opensAt, r.closesAt),
    published: r.status === 'published',
    publishedAt: r.publishedAt ? toVnIso(r.publishedAt) : null,
    blueprint: r.blueprint.map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: c.count })),
    questionCount: r.blueprint.reduce((s, c) => s + c.count, 0),
    timeLimitSeconds: r.timeLimitSeconds,
    attemptsAllowed: r.attemptsAllowed,
    pointsPerQuestion: r.pointsPerQuestion,
    prediction: { enabled: r.prediction.enabled, target: r.prediction.target, wording: r.prediction.wording, tieSide: r.prediction.tieSide },
    rankingRule: [...r.rankingRule],
    revealPolicy: r.revealPolicy,
    practice: r.practice,
    partialCredit: r.partialCredit,
    keyVersion: published.keyVersion,
    poolSize: published.poolSize,
  };
}

/**
 * Rounds: configuration with the checks an organizer expects, publishing (the frozen snapshot and answer key in
 * PostgreSQL, then Redis, then the fact), closing-time extension, and errata of a published key.
 */
@Injectable()
export class RoundsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('RoundsService');

  constructor(
    private readonly rounds: RoundsRepository,
    private readonly contests: ContestsRepository,
    private readonly banks: BanksRepository,
    private readonly questions: QuestionsRepository,
    private readonly cache: RoundCache,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Redis may have been flushed or restarted: reload published rounds that are missing there (in the background). */
  onApplicationBootstrap(): void {
    void this.warmCache().catch((e) => this.logger.warn(`could not warm the round cache: ${(e as Error).message}`));
  }

  async warmCache(): Promise<number> {
    const rows = await this.rounds.publishedSince(30);
    for (const p of rows) await this.cache.load(p.snapshot, p.answerKey, true);
    return rows.length;
  }

  /**
   * A contest was published or unpublished (its rounds' records already rewritten, see ContestsService.update): the
   * Redis copies follow, then `question-bank.contest-visibility-changed.v1` tells every exam-session and leaderboard
   * process to drop its cached copy of those rounds.
   */
  async contestVisibilityChanged(contestId: string, published: boolean, rows: { snapshot: RoundSnapshotV1; answerKey: AnswerKeyV1 }[]): Promise<void> {
    for (const p of rows) await this.cache.load(p.snapshot, p.answerKey);
    await this.cache.emitContestVisibility({ contestId, published, roundIds: rows.map((p) => p.snapshot.roundId), changedAt: toVnIso(this.clock.date()) });
  }

  /** A contest's rounds, drafts included, by opening time; keyset-paged. */
  async listByContest(contestId: string, page: PageQueryV1): Promise<RoundPageV1> {
    if (!(await this.contests.get(contestId))) throw questionBankError('contest.not-found');
    const limit = page.limit ?? 50;
    const rows = await this.rounds.pageByContest(contestId, limit, page.cursor ? decodePageCursor(page.cursor, 'round.cursor.invalid') : undefined);
    const now = this.clock.date();
    return toPage(rows, limit, (r) => toRoundView(r, now, r));
  }

  async get(roundId: string): Promise<RoundV1> {
    const r = await this.rounds.get(roundId);
    if (!r) throw questionBankError('round.not-found');
    const p = r.status === 'published' ? await this.rounds.getPublished(roundId) : undefined;
    return toRoundView(r, this.clock.date(), { keyVersion: p?.keyVersion ?? null, poolSize: p ? p.snapshot.questions.length : null });
  }

  async create(actor: Actor, contestId: string, dto: CreateRoundDto, id: string = randomUUID()): Promise<RoundV1> {
    if (!(await this.contests.get(contestId))) throw questionBankError('contest.not-found');
    const prediction: PredictionSettings = {
      enabled: dto.prediction?.enabled ?? true,
      target: dto.prediction?.target ?? 'perfect-scorers',
      wording: dto.prediction?.wording?.trim() || DEFAULT_PREDICTION_WORDING,
      tieSide: dto.prediction?.tieSide ?? 'under',
    };
    const row: RoundRow = {
      id,
      contestId,
      bankId: dto.bankId,
      title: dto.title.trim().normalize('NFC'),
      opensAt: parseIsoWithOffset(dto.opensAt)!,
      closesAt: parseIsoWithOffset(dto.closesAt)!,
      blueprint: dto.blueprint.map((c) => ({ topic: c.topic.trim().normalize('NFC'), difficulty: c.difficulty, count: c.count })),
      timeLimitSeconds: dto.timeLimitSeconds,
      attemptsAllowed: dto.attemptsAllowed === undefined ? 1 : dto.attemptsAllowed,
      pointsPerQuestion: dto.pointsPerQuestion ?? null,
      prediction,
      rankingRule: dto.rankingRule ?? DEFAULT_RANKING_RULE.filter((c) => prediction.enabled || c !== 'prediction'),
      revealPolicy: dto.revealPolicy ?? 'after-close',
      practice: dto.practice ?? false,
      partialCredit: dto.partialCredit ?? 'all-or-nothing',
      status: 'draft',
      publishedAt: null,
      createdAt: this.clock.date(),
      updatedAt: this.clock.date(),
    };
    await this.rounds.transaction(async (m) => {
      await this.validate(row);
      await this.rounds.insert(row, actor.sub, m);
      await this.audit.record(actor, { action: 'round.create', entityType: 'round', entityId: id, details: { contestId } }, m);
    });
    return this.get(id);
  }

  async update(actor: Actor, contestId: string, roundId: string, dto: UpdateRoundDto): Promise<RoundV1> {
    const changed = Object.entries(dto)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    const existing = await this.rounds.get(roundId);
    if (!existing || existing.contestId !== contestId) throw questionBankError('round.not-found');
    if (existing.status === 'published') {
      if (changed.some((k) => !FROZEN_EDITABLE.has(k))) throw questionBankError('round.frozen');
      if (dto.closesAt) await this.extendClose(actor, roundId, parseIsoWithOffset(dto.closesAt)!, false);
      return this.get(roundId);
    }
    await this.rounds.transaction(async (m) => {
      const r = await this.rounds.get(roundId, m, true);
      if (!r) throw questionBankError('round.not-found');
      if (r.status === 'published') throw questionBankError('round.frozen');
      const p = dto.prediction;
      const next: RoundRow = {
        ...r,
        bankId: dto.bankId ?? r.bankId,
        title: dto.title?.trim().normalize('NFC') ?? r.title,
        opensAt: dto.opensAt ? parseIsoWithOffset(dto.opensAt)! : r.opensAt,
        closesAt: dto.closesAt ? parseIsoWithOffset(dto.closesAt)! : r.closesAt,
        blueprint: dto.blueprint?.map((c) => ({ topic: c.topic.trim().normalize('NFC'), difficulty: c.difficulty, count: c.count })) ?? r.blueprint,
        timeLimitSeconds: dto.timeLimitSeconds ?? r.timeLimitSeconds,
        attemptsAllowed: dto.attemptsAllowed !== undefined ? dto.attemptsAllowed : r.attemptsAllowed,
        pointsPerQuestion: dto.pointsPerQuestion !== undefined ? dto.pointsPerQuestion : r.pointsPerQuestion,
        prediction: p
          ? {
              enabled: p.enabled,
              target: p.target ?? r.prediction.target,
              wording: p.wording?.trim() || r.prediction.wording,
              tieSide: p.tieSide ?? r.prediction.tieSide,
            }
          : r.prediction,
        rankingRule: dto.rankingRule ?? r.rankingRule,
        revealPolicy: dto.revealPolicy ?? r.revealPolicy,
        practice: dto.practice ?? r.practice,
        partialCredit: dto.partialCredit ?? r.partialCredit,
      };
      if (p && !p.enabled && !dto.rankingRule) next.rankingRule = next.rankingRule.filter((c) => c !== 'prediction');
      await this.validate(next, m);
      await this.rounds.update(next, m);
      await this.audit.record(actor, { action: 'round.update', entityType: 'round', entityId: roundId, details: { changed } }, m);
    });
    return this.get(roundId);
  }

  /** The checks an organizer expects, each naming its field; the blueprint against the bank's live questions. */
  private async validate(r: RoundRow, m = this.rounds.manager): Promise<void> {
    const errors: FieldError[] = [];
    if (!(r.opensAt.getTime() < r.closesAt.getTime())) errors.push(field('closesAt', 'round.window.invalid'));
    const total = r.blueprint.reduce((s, c) => s + c.count, 0);
    if (total < 1 || total > 127) errors.push(field('blueprint', 'round.blueprint.empty'));
    try {
      assertRankingRule(r.rankingRule);
      if (!r.prediction.enabled && r.rankingRule.includes('prediction')) errors.push(field('rankingRule', 'round.ranking.prediction-disabled'));
    } catch {
      errors.push(field('rankingRule', 'round.ranking.invalid'));
    }
    const bank = await this.banks.get(r.bankId, m);
    if (!bank) errors.push(field('bankId', 'round.bank.unknown'));
    // libs/domain's rule, which exam-session also applies to reviews of rounds saved before this check.
    const leak = revealLeaksKey(r) ? field('revealPolicy', 'round.reveal.leaks-key') : undefined;
    if (errors.length) throw questionBankError('round.invalid', leak ? [...errors, leak] : errors);
    if (leak) throw questionBankError('round.reveal-leaks-key', [leak]);
    const short = checkBlueprint(await this.banks.cellCounts(r.bankId, m), r.blueprint);
    if (short.length) throw blueprintShort(short);
  }

  /**
   * Freezes the round: the pool (every live question version matching a blueprint cell) and its answer key go to
   * question_bank.published_rounds in one transaction, then to Redis, then `question-bank.round-published.v1`.
   * Publishing an already published round only reloads Redis (idempotent; no new fact).
   */
  async publish(actor: Actor, roundId: string): Promise<RoundPublicationV1> {
    const now = this.clock.date();
    const result = await this.rounds.transaction(async (m) => {
      const r = await this.rounds.get(roundId, m, true);
      if (!r) throw questionBankError('round.not-found');
      if (r.status === 'published') return { already: true, published: (await this.rounds.getPublished(roundId, m))! };
      if (now.getTime() >= r.closesAt.getTime()) throw questionBankError('round.closed');
      await this.validate(r, m);
      // FOR SHARE: a contest being (un)published meanwhile either waits for this snapshot or is seen by it.
      const contest = await this.contests.get(r.contestId, m, true);
      const pool = roundPool(r.blueprint, await this.questions.allCurrent(r.bankId, m));
      const { snapshot, key } = buildRoundSnapshot(r, pool, now, 1, contest?.published ?? false);
      const published = { roundId, contestId: r.contestId, snapshot, answerKey: key, keyVersion: 1, publishedAt: now };
      await this.rounds.insertPublished(published, m);
      await this.rounds.markPublished(roundId, now, m);
      await this.audit.record(
        actor,
        { action: 'round.publish', entityType: 'round', entityId: roundId, details: { poolSize: pool.length, contestId: r.contestId } },
        m,
      );
      return { already: false, published };
    });
    const p = result.published;
    await this.cache.load(p.snapshot, p.answerKey);
    if (!result.already) await this.cache.emitPublished({ roundId, contestId: p.contestId, publishedAt: p.snapshot.publishedAt });
    return {
      roundId,
      contestId: p.contestId,
      publishedAt: p.snapshot.publishedAt,
      poolSize: p.snapshot.questions.length,
      keyVersion: p.keyVersion,
      alreadyPublished: result.already,
    };
  }

  /**
   * The one change a published round accepts: a later closing time (the record, the snapshot and Redis follow).
   * `allowReopen` (the demo seed only) also extends a round that has already closed.
   */
  async extendClose(actor: Actor, roundId: string, closesAt: Date, allowReopen: boolean): Promise<void> {
    const p = await this.rounds.transaction(async (m) => {
      const r = await this.rounds.get(roundId, m, true);
      if (!r) throw questionBankError('round.not-found');
      if (!allowReopen && this.clock.now() >= r.closesAt.getTime()) throw questionBankError('round.closed');
      if (closesAt.getTime() <= r.closesAt.getTime()) throw questionBankError('round.close-only-extend');
      await this.rounds.setClosesAt(roundId, closesAt, m);
      const p = await this.rounds.getPublished(roundId, m, true);
      if (p) {
        p.snapshot.closesAt = toVnIso(closesAt);
        await this.rounds.updatePublished(p, m);
      }
      await this.audit.record(
        actor,
        { action: 'round.extend-close', entityType: 'round', entityId: roundId, details: { from: toVnIso(r.closesAt), to: toVnIso(closesAt) } },
        m,
      );
      return p;
    });
    if (p) await this.cache.load(p.snapshot, p.answerKey);
  }

  /** Reloads one published round from PostgreSQL into Redis. */
  async reload(roundId: string): Promise<boolean> {
    const p = await this.rounds.getPublished(roundId);
    if (!p) return false;
    await this.cache.load(p.snapshot, p.answerKey);
    return true;
  }

  /**
   * Errata: corrects the key of one question version in a published round. The record (answer_key, key_version and
   * the snapshot's keyVersion) and the audit log change in one transaction; then Redis and
   * `question-bank.key-corrected.v1`, which exam-session (regrade) and leaderboard (re-rank) consume.
   */
  async correctKey(actor: Actor, roundId: string, versionId: string, dto: CorrectKeyDto): Promise<KeyCorrectionV1> {
    const correctedAt = this.clock.date();
    const ids = [...new Set(dto.correctOptionIds)];
    const out = await this.rounds.transaction(async (m) => {
      const r = await this.rounds.get(roundId, m);
      if (!r) throw questionBankError('round.not-found');
      const p = await this.rounds.getPublished(roundId, m, true);
      if (!p) throw questionBankError('round.not-published');
      const q = p.snapshot.questions.find((x) => x.id === versionId);
      if (!q || !p.answerKey[versionId]) throw questionBankError('round.question-not-in-round');
      if (!ids.every((id) => q.options.some((o) => o.id === id)))
        throw questionBankError('validation.failed', [field('correctOptionIds', 'round.key.options')]);
      if (q.kind !== 'multiple' && ids.length !== 1) throw questionBankError('validation.failed', [field('correctOptionIds', 'round.key.count')]);
      const before = p.answerKey[versionId].correctOptionIds;
      const ordered = q.options.map((o) => o.id).filter((id) => ids.includes(id));
      if (JSON.stringify([...before].sort()) === JSON.stringify([...ordered].sort())) return { p, changed: false, ordered };
      p.answerKey[versionId] = { ...p.answerKey[versionId], correctOptionIds: ordered };
      p.keyVersion += 1;
      p.snapshot.keyVersion = p.keyVersion;
      await this.rounds.updatePublished(p, m);
      await this.audit.record(
        actor,
        {
          action: 'round.key-correct',
          entityType: 'round',
          entityId: roundId,
          details: { questionVersionId: versionId, before, after: ordered, reason: dto.reason, keyVersion: p.keyVersion },
        },
        m,
      );
      return { p, changed: true, ordered };
    });
    if (out.changed) {
      await this.cache.load(out.p.snapshot, out.p.answerKey);
      await this.cache.emitKeyCorrected({
        questionId: (await this.rounds.questionIdOfVersion(versionId)) ?? versionId,
        questionVersionId: versionId,
        roundIds: [roundId],
        correctOptionIds: out.ordered,
        correctedBy: actor.sub ?? 'system',
        correctedAt: toVnIso(correctedAt),
      });
    }
    return { roundId, questionVersionId: versionId, correctOptionIds: out.ordered, keyVersion: out.p.keyVersion, changed: out.changed };
  }
}

export function blueprintShort(short: { cellIndex: number; topic: string; difficulty: string; needed: number; available: number }[]): ProblemException {
  return questionBankError(
    'round.blueprint-short',
    short.map((s) =>
      field(`blueprint[${s.cellIndex}]`, 'round.blueprint.cell-short', { topic: s.topic, difficulty: s.difficulty, needed: s.needed, available: s.available }),
    ),
  );
}

export type { BlueprintCellV1 };
