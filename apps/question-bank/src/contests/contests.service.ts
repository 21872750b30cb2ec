import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ContestPageV1, ContestRoundV1, ContestV1, PageQueryV1 } from '@hoi-thi/contracts';
import { roundStatus } from '@hoi-thi/domain';
import { Clock } from '@hoi-thi/platform';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { cleanText } from '../common/text';
import { toVnIso } from '../common/vn-time';
import { RoundsService } from '../rounds/rounds.service';
import { RoundRow, RoundsRepository } from '../rounds/rounds.repository';
import type { Material } from './contest.entity';
import { ContestRow, ContestsRepository } from './contests.repository';
import type { CreateContestDto, MaterialDto, UpdateContestDto } from './dto/contest.dto';
import { decodePageCursor, toPage } from '../common/page-cursor';
import { questionBankError, questionBankFieldError } from '../question-bank.errors';

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * What a contestant (or anyone) sees of a round: times, status and settings, never a question or a key.
 */
export function publicRound(r: RoundRow, now: Date): ContestRoundV1 {
  return {
    id: r.id,
    title: r.title,
    opensAt: toVnIso(r.opensAt),
    closesAt: toVnIso(r.closesAt),
    status: roundStatus(now, r.opensAt, r.closesAt),
    published: r.status === 'published',
    questionCount: r.blueprint.reduce((s, c) => s + c.count, 0),
    timeLimitSeconds: r.timeLimitSeconds,
    attemptsAllowed: r.attemptsAllowed,
    prediction: r.prediction.enabled ? { enabled: true, target: r.prediction.target, wording: r.prediction.wording } : { enabled: false },
    rankingRule: [...r.rankingRule],
    revealPolicy: r.revealPolicy,
    practice: r.practice,
  };
}

@Injectable()
export class ContestsService {
  constructor(
    private readonly contests: ContestsRepository,
    private readonly rounds: RoundsRepository,
    private readonly audit: AuditRepository,
    private readonly roundsService: RoundsService,
    private readonly clock: Clock,
  ) {}

  private view(c: ContestRow, rounds: RoundRow[], base: string): ContestV1 {
    const now = this.clock.date();
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      rules: c.rules,
      published: c.published,
      link: `${base}/contests/${c.id}`,
      qr: { svg: `/api/contests/${c.id}/qr.svg`, png: `/api/contests/${c.id}/qr.png` },
      materials: c.materials.map((m) => ({
        id: m.id,
        title: m.title,
        url: m.url,
        kind: m.kind,
        qr: { svg: `/api/contests/${c.id}/materials/${m.id}/qr.svg`, png: `/api/contests/${c.id}/materials/${m.id}/qr.png` },
      })),
      requiredRegistrationFields: c.requiredFields,
      unitTreeRootId: c.unitTreeRootId,
      rounds: rounds.map((r) => publicRound(r, now)),
      createdAt: toVnIso(c.createdAt),
      updatedAt: toVnIso(c.updatedAt),
    };
  }

  /** Newest first, keyset-paged; each contest with its published rounds. */
  async list(includeDrafts: boolean, page: PageQueryV1, base: string): Promise<ContestPageV1> {
    const limit = page.limit ?? 50;
    const rows = await this.contests.page(includeDrafts, limit, page.cursor ? decodePageCursor(page.cursor, 'contest.cursor.invalid') : undefined);
    const rounds = await this.rounds.byContests(rows.slice(0, limit).map((c) => c.id));
    return toPage(rows, limit, (c) =>
      this.view(
        c,
        rounds.filter((r) => r.contestId === c.id),
        base,
      ),
    );
  }

  /** Published contests to anyone; drafts (and draft rounds) to organizers only, 404 to others. */
  async get(id: string, asOrganizer: boolean, base: string): Promise<ContestV1> {
    const c = await this.contests.get(id);
    if (!c || (!c.published && !asOrganizer)) throw questionBankError('contest.not-found');
    return this.view(c, await this.rounds.byContest(id, !asOrganizer), base);
  }

  /** The text a QR code carries: the contest link, or a material's URL. */
  async qrTarget(id: string, materialId: string | null, asOrganizer: boolean, base: string): Promise<string> {
    const c = await this.contests.get(id);
    if (!c || (!c.published && !asOrganizer)) throw questionBankError('contest.not-found');
    if (!materialId) return `${base}/contests/${c.id}`;
    const m = c.materials.find((x) => x.id === materialId);
    if (!m) throw questionBankError('contest.material-not-found');
    return m.url;
  }

  private materials(given: MaterialDto[] | undefined, current: Material[]): Material[] {
    if (!given) return current;
    return given.map((m, i) => {
      if (m.id && !current.some((c) => c.id === m.id)) throw questionBankFieldError(`materials[${i}].id`, 'contest.material.unknown-id');
      if (!isHttpUrl(m.url)) throw questionBankFieldError(`materials[${i}].url`, 'contest.material.url');
      return { id: m.id ?? randomUUID(), title: cleanText(m.title), url: m.url.trim(), kind: m.kind };
    });
  }

  async create(actor: Actor, dto: CreateContestDto, base: string, id: string = randomUUID()): Promise<ContestV1> {
    const row = {
      id,
      title: cleanText(dto.title),
      description: cleanText(dto.description ?? ''),
      rules: cleanText(dto.rules ?? ''),
      materials: this.materials(dto.materials, []),
      requiredFields: [...new Set(dto.requiredRegistrationFields ?? [])],
      unitTreeRootId: dto.unitTreeRootId ?? null,
      published: dto.published ?? false,
      createdBy: actor.sub,
    };
    await this.contests.transaction(async (m) => {
      await this.contests.upsert(row, m);
      await this.audit.record(actor, { action: 'contest.create', entityType: 'contest', entityId: id, details: { title: row.title } }, m);
    });
    return this.get(id, true, base);
  }

  /**
   * A change of `published` is written into the snapshot of each of the contest's published rounds in the same
   * transaction, then to Redis and the stream (RoundsService.contestVisibilityChanged): exam-session stops (or
   * resumes) starting attempts and leaderboard hides (or shows) the boards within the moment it takes to hear it.
   */
  async update(actor: Actor, id: string, dto: UpdateContestDto, base: string): Promise<ContestV1> {
    const visibility = await this.contests.transaction(async (m) => {
      const c = await this.contests.get(id, m);
      if (!c) throw questionBankError('contest.not-found');
      await this.contests.upsert(
        {
          id,
          title: dto.title !== undefined ? cleanText(dto.title) : c.title,
          description: dto.description !== undefined ? cleanText(dto.description) : c.description,
          rules: dto.rules !== undefined ? cleanText(dto.rules) : c.rules,
          materials: this.materials(dto.materials, c.materials),
          requiredFields: dto.requiredRegistrationFields ? [...new Set(dto.requiredRegistrationFields)] : c.requiredFields,
          unitTreeRootId: dto.unitTreeRootId !== undefined ? dto.unitTreeRootId : c.unitTreeRootId,
          published: dto.published ?? c.published,
          createdBy: actor.sub,
        },
        m,
      );
      await this.audit.record(actor, { action: 'contest.update', entityType: 'contest', entityId: id, details: { changed: Object.keys(dto) } }, m);
      if (dto.published === undefined || dto.published === c.published) return null;
      return { published: dto.published, rows: await this.rounds.setContestPublished(id, dto.published, m) };
    });
    if (visibility) await this.roundsService.contestVisibilityChanged(id, visibility.published, visibility.rows);
    return this.get(id, true, base);
  }
}
