import type { BoardEntryV1 } from '@hoi-thi/contracts';
import type { BestDetails } from './live-attempt';
import type { ZEntry } from './live-board.repository';

/** One line of a public board (masked name, no prediction, no account id): the contract's BoardEntryV1. */
export type BoardEntryView = BoardEntryV1;

/**
 * Views of a run of consecutive board entries starting at 0-based `start`, whose first entry has
 * `above` entries with a strictly higher score.
 */
export function toViews(
  zs: ZEntry[],
  details: (BestDetails | null)[],
  start: number,
  above: number,
  unitName: (id: string) => string | null,
): BoardEntryView[] {
  const out: BoardEntryView[] = [];
  let rank = above + 1;
  for (let i = 0; i < zs.length; i += 1) {
    if (i > 0 && zs[i].score !== zs[i - 1].score) rank = start + i + 1;
    const d = details[i];
    out.push({
      rank,
      position: start + i + 1,
      name: d?.n ?? '',
      unitId: d?.u ?? null,
      unitName: d?.u ? unitName(d.u) : null,
      province: d?.v ?? null,
      points: d?.p ?? 0,
      correct: d?.c ?? 0,
      total: d?.t ?? 0,
      durationMs: d?.d ?? 0,
      submittedAt: d?.s ?? null,
    });
  }
  return out;
}
