import { Injectable, Logger } from '@nestjs/common';
import { ContestRules, decideEligibility, EligibilityDecision, ELIGIBLE, isOpenToAll, NO_RULES, toContestRules } from './eligibility-rules';
import { EligibilityRepository } from './eligibility.repository';
import { Clock } from '@hoi-thi/platform';

const CONTEST_TTL_MS = 30_000;

/**
 * Decides whether a contestant may start attempts in a contest's rounds. Called only when the start gate has no
 * decision for (round, contestant) yet (the gate keeps it in the contestant's Redis hash): never on a save or a
 * submit. A contest's rules are cached in the process for a few seconds; a contest asking nothing costs no profile
 * read; concurrent decisions for one contestant share one query.
 */
@Injectable()
export class EligibilityService {
  /**
   * How long a refusal is kept by the gate: long enough to absorb a burst of retries (parallel starts of one
   * contestant also share one query in the process), short enough that a contestant who has just completed their
   * profile (the web client's profile page sends them straight back) starts at the next try.
   */
  static readonly REFUSAL_TTL_MS = 2_000;

  private readonly contests = new Map<string, { rules: Promise<ContestRules>; at: number }>();
  private readonly inflight = new Map<string, Promise<EligibilityDecision>>();
  private readonly logger = new Logger('Eligibility');

  constructor(
    private readonly repo: EligibilityRepository,
    private readonly clock: Clock,
  ) {}

  decide(contestId: string, contestantId: string): Promise<EligibilityDecision> {
    const key = `${contestId}:${contestantId}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.evaluate(contestId, contestantId).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** The contest's rules (process cache, else question-bank's table). */
  rules(contestId: string): Promise<ContestRules> {
    const now = this.clock.now();
    const hit = this.contests.get(contestId);
    if (hit && now - hit.at < CONTEST_TTL_MS) return hit.rules;
    const rules = this.loadRules(contestId).catch((e) => {
      this.contests.delete(contestId);
      throw e;
    });
    this.contests.set(contestId, { rules, at: now });
    if (this.contests.size > 1000) this.contests.delete(this.contests.keys().next().value as string);
    return rules;
  }

  private async evaluate(contestId: string, contestantId: string): Promise<EligibilityDecision> {
    const rules = await this.rules(contestId);
    if (isOpenToAll(rules)) return ELIGIBLE;
    return decideEligibility(rules, await this.repo.profile(contestantId, rules.unitTreeRootId));
  }

  private async loadRules(contestId: string): Promise<ContestRules> {
    const row = await this.repo.contest(contestId);
    if (!row) return NO_RULES;
    const { rules, unknown } = toContestRules(row.requiredFields, row.unitTreeRootId);
    if (unknown.length) this.logger.warn(`contest ${contestId} requires profile fields this version cannot check: ${unknown.join(', ')}`);
    return rules;
  }
}
