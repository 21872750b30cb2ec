import type { BoardEntryV1, MyAttemptsV1, MyRankV1, UnitListV1 } from '@hoi-thi/contracts';

/**
 * What the contestant's screens derive from the API's contracts (libs/contracts/src/http): small typed functions,
 * no guessing of field names — the contract says what each answer holds.
 */

type UnitItem = UnitListV1['items'][number];

/** The unit tree (`GET /api/units?view=tree`) flattened in tree order, each unit with its depth, for one indented <select>. */
export function flattenUnits(roots: readonly UnitItem[]): { id: string; name: string; depth: number }[] {
  const out: { id: string; name: string; depth: number }[] = [];
  const walk = (list: readonly UnitItem[]) => {
    for (const u of list) {
      out.push({ id: u.id, name: u.name, depth: u.depth });
      // The flat view (UnitV1) has no children; the tree view (UnitNodeV1) nests them under their parent.
      if ('children' in u) walk(u.children);
    }
  };
  walk(roots);
  return out;
}

/** What a round's card shows of the contestant's attempts (`GET /api/rounds/{roundId}/attempts/mine`). */
export interface MyRoundAttempts {
  used: number;
  /** null: unlimited. */
  left: number | null;
  /** The attempt still open, to resume. */
  active: string | null;
  /** The best submitted attempt's score. */
  best: { attemptId: string; correct: number; total: number } | null;
}

export function myRoundAttempts(m: MyAttemptsV1): MyRoundAttempts {
  const active = m.attempts.find((a) => a.status === 'active')?.attemptId ?? null;
  // `best` is a submitted attempt, so it is scored; a null score (an active one) is no best result to show.
  const best = m.best && m.best.correct !== null ? { attemptId: m.best.attemptId, correct: m.best.correct, total: m.best.total } : null;
  return { used: m.attemptsUsed, left: m.attemptsLeft, active, best };
}

/** A line of the board around me, marked when it is mine. */
export type RankLine = BoardEntryV1 & { me: boolean };

/** My provisional place (`GET /api/rounds/{roundId}/leaderboard/me`) once my submission is ranked; null before. */
export interface MyPlace {
  rank: number;
  /** Entries on the round's board. */
  total: number;
  me: BoardEntryV1;
  around: RankLine[];
  /** The nearest entries just above and just below mine, when there are some. */
  above: BoardEntryV1 | undefined;
  below: BoardEntryV1 | undefined;
}

export function toMyRank(r: MyRankV1): MyPlace | null {
  const me = r.entry;
  if (!me) return null;
  const around = [...r.around].sort((a, b) => a.position - b.position).map((e) => ({ ...e, me: e.position === me.position }));
  const above = around.filter((e) => e.position < me.position).at(-1);
  const below = around.find((e) => e.position > me.position);
  return { rank: me.rank, total: r.total, me, around, above, below };
}
