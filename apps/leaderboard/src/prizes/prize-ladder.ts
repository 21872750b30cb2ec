/** One step of a round's prize ladder: e.g. 1 × "Giải Nhất", 2 × "Giải Nhì", 10 × "Khuyến khích". */
export interface PrizeStep {
  prize: string;
  count: number;
}

export interface Candidate {
  contestantId: string;
  position: number;
}

export type SkipReason = 'staff' | 'prize-limit';

export interface LadderOutcome<C extends Candidate> {
  awards: (C & { prize: string; prizeOrder: number })[];
  skipped: (C & { reason: SkipReason })[];
  /** True when every prize of the ladder found a winner. */
  complete: boolean;
}

/**
 * Walks the official ranking in order, giving each prize of the ladder (in ladder order) to the next eligible
 * contestant: staff (organizers, judges, admins) are never eligible, nor anyone already holding `maxPerPerson`
 * prizes in the contest. Call it page after page with the same `state` until complete.
 */
export function assignPrizes<C extends Candidate>(
  ladder: PrizeStep[],
  candidates: C[],
  isStaff: (id: string) => boolean,
  heldBefore: (id: string) => number,
  maxPerPerson: number,
  state: { next: number } = { next: 0 },
): LadderOutcome<C> {
  const slots = ladder.flatMap((step, order) => Array.from({ length: step.count }, () => ({ prize: step.prize, prizeOrder: order + 1 })));
  const awards: LadderOutcome<C>['awards'] = [];
  const skipped: LadderOutcome<C>['skipped'] = [];
  for (const c of candidates) {
    if (state.next >= slots.length) break;
    if (isStaff(c.contestantId)) {
      skipped.push({ ...c, reason: 'staff' });
      continue;
    }
    if (heldBefore(c.contestantId) >= maxPerPerson) {
      skipped.push({ ...c, reason: 'prize-limit' });
      continue;
    }
    awards.push({ ...c, ...slots[state.next] });
    state.next += 1;
  }
  return { awards, skipped, complete: state.next >= slots.length };
}
