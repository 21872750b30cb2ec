import { Injectable } from '@nestjs/common';
import type { AwardPrizesRequestV1, PrizeAwardOutcomeV1, PrizeAwardsV1, UnitRankingsV1 } from '@hoi-thi/contracts';
import { BoardReadService } from '../live/board-read.service';
import { ResultsRepository } from '../results/results.repository';
import { ResultsService } from '../results/results.service';
import { RegistrationReader } from '../sources/registration.reader';
import { assignPrizes } from './prize-ladder';
import { AwardRow, PrizesRepository } from './prizes.repository';

/** Individual prizes from the official ranking (ladder + eligibility) and collective prizes for units. */
@Injectable()
export class PrizesService {
  constructor(
    private readonly repo: PrizesRepository,
    private readonly results: ResultsService,
    private readonly ranking: ResultsRepository,
    private readonly reads: BoardReadService,
    private readonly registration: RegistrationReader,
  ) {}

  async award(roundId: string, input: AwardPrizesRequestV1, by: string): Promise<PrizeAwardOutcomeV1> {
    const round = await this.reads.round(roundId);
    const result = await this.results.current(roundId);
    const maxPerPerson = input.maxPerPerson ?? 1;
    const state = { next: 0 };
    const awards: AwardRow[] = [];
    const skipped: PrizeAwardOutcomeV1['skipped'] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.ranking.rankedContestants(result.computation_id, 1000, offset);
      if (!page.length) break;
      const ids = page.map((r) => r.contestantId);
      const [staff, held] = await Promise.all([this.registration.staff(ids), this.repo.heldElsewhere(round.contestId || null, roundId, ids)]);
      const out = assignPrizes(
        input.ladder,
        page,
        (id) => staff.has(id),
        (id) => held.get(id) ?? 0,
        maxPerPerson,
        state,
      );
      for (const a of out.awards) {
        awards.push({
          round_id: roundId,
          contest_id: round.contestId || null,
          contestant_id: a.contestantId,
          attempt_id: a.attemptId,
          prize: a.prize,
          prize_order: a.prizeOrder,
          rank: a.rank,
          position: a.position,
          computation_id: result.computation_id,
          awarded_by: by,
        });
      }
      skipped.push(...out.skipped.map((s) => ({ contestantId: s.contestantId, position: s.position, reason: s.reason })));
      if (out.complete || page.length < 1000) break;
    }
    await this.repo.replace(roundId, awards, {
      actorId: by,
      details: { ladder: input.ladder, maxPerPerson, awarded: awards.length, computationId: result.computation_id },
    });
    return { ...(await this.list(roundId, input.units ?? 3)), skipped };
  }

  async list(roundId: string, unitCount = 3): Promise<PrizeAwardsV1> {
    await this.reads.round(roundId);
    const result = await this.results.current(roundId);
    const rows = await this.repo.list(roundId);
    const names = await this.registration.fullNames(rows.map((r) => r.contestant_id));
    return {
      roundId,
      computationId: String(result.computation_id),
      awards: rows.map((r) => ({
        prize: r.prize,
        prizeOrder: r.prize_order,
        position: r.position,
        rank: r.rank,
        contestantId: r.contestant_id,
        fullName: names.get(r.contestant_id) ?? null,
        attemptId: r.attempt_id,
      })),
      units: await this.collective(result.computation_id, unitCount),
    };
  }

  /** Units with the most valid entries, and with the highest share of their members taking part. */
  async collective(computationId: string, count: number): Promise<UnitRankingsV1> {
    const entries = await this.repo.entriesByUnit(computationId);
    const units = await this.registration.unitMap(entries.map((e) => e.unit_id));
    const rows = entries.map((e) => {
      const info = units.get(e.unit_id);
      const members = info?.memberCount ?? null;
      return {
        unitId: e.unit_id,
        name: info?.name ?? null,
        entries: e.entries,
        members,
        share: members ? Math.round((e.entries / members) * 10000) / 10000 : null,
      };
    });
    return {
      byEntries: [...rows].sort((a, b) => b.entries - a.entries || a.unitId.localeCompare(b.unitId)).slice(0, count),
      byShare: rows
        .filter((r) => r.share !== null)
        .sort((a, b) => b.share! - a.share! || b.entries - a.entries || a.unitId.localeCompare(b.unitId))
        .slice(0, count),
    };
  }
}
