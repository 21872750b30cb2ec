import { DomainError } from '../errors/domain-error';
import { allocateCells, canAllocate } from './allocate-cells';
import { createRng, deriveSeed, shuffleWith } from './rng';

/** Matches any topic or any difficulty in a blueprint cell. */
export const ANY = '*';

export interface PoolQuestion {
  id: string;
  topic: string;
  difficulty: string;
}

/** "count questions of this topic and difficulty"; either may be '*' (any). */
export interface BlueprintCell {
  topic: string;
  difficulty: string;
  count: number;
}

export type Blueprint = readonly BlueprintCell[];

/** How many questions the pool holds for one (topic, difficulty), e.g. from a GROUP BY. */
export interface PoolCount {
  topic: string;
  difficulty: string;
  count: number;
}

/** A cell the pool cannot fill. */
export interface ShortCell {
  /** Position of the cell in the blueprint as given. */
  cellIndex: number;
  topic: string;
  difficulty: string;
  needed: number;
  /**
   * What the cell can get: its matching questions, less those the cells served before it need
   * (cells are served most specific first: no wildcard, one wildcard, '*'/'*'; then blueprint order).
   */
  available: number;
}

interface PoolClass {
  topic: string;
  difficulty: string;
  /** Question ids sorted by code units, so the draw does not depend on the pool's input order. */
  ids: readonly string[];
}

/**
 * A pool grouped by (topic, difficulty), validated once: build it when a round is published and reuse
 * it for every draw of the round. Create with prepareQuestionPool.
 */
export class QuestionPool {
  /** @internal use prepareQuestionPool */
  constructor(
    readonly classes: readonly PoolClass[],
    readonly size: number,
  ) {}

  counts(): PoolCount[] {
    return this.classes.map(({ topic, difficulty, ids }) => ({ topic, difficulty, count: ids.length }));
  }
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const classKey = (topic: string, difficulty: string): string => JSON.stringify([topic, difficulty]);

function isLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Validates and groups a pool. Throws `drawing.invalid-pool` on a duplicate or malformed question. */
export function prepareQuestionPool(questions: readonly PoolQuestion[]): QuestionPool {
  const groups = new Map<string, { topic: string; difficulty: string; ids: string[] }>();
  const seen = new Set<string>();
  for (const question of questions) {
    const { id, topic, difficulty } = question ?? ({} as PoolQuestion);
    if (!isLabel(id) || !isLabel(topic) || !isLabel(difficulty)) {
      throw new DomainError('drawing.invalid-pool', 'a pool question needs a non-empty id, topic and difficulty', {
        id,
        topic,
        difficulty,
      });
    }
    if (seen.has(id)) throw new DomainError('drawing.invalid-pool', `question ${id} appears twice in the pool`, { id });
    seen.add(id);
    const key = classKey(topic, difficulty);
    const group = groups.get(key) ?? { topic, difficulty, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  const classes = [...groups.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([, group]) => ({ ...group, ids: group.ids.sort(byCodeUnits) }));
  return new QuestionPool(classes, seen.size);
}

interface OrderedCell extends BlueprintCell {
  cellIndex: number;
}

/** Validates cells and orders them most specific first (stable). */
function orderCells(blueprint: Blueprint): OrderedCell[] {
  if (!Array.isArray(blueprint)) throw new DomainError('blueprint.invalid-cell', 'a blueprint is a list of cells');
  const wildcards = (cell: BlueprintCell) => Number(cell.topic === ANY) + Number(cell.difficulty === ANY);
  return blueprint
    .map((cell, cellIndex) => {
      const { topic, difficulty, count } = cell ?? ({} as BlueprintCell);
      if (!isLabel(topic) || !isLabel(difficulty) || !Number.isSafeInteger(count) || count < 0) {
        throw new DomainError('blueprint.invalid-cell', 'a blueprint cell needs a topic, a difficulty and a non-negative integer count', {
          cellIndex,
          topic,
          difficulty,
          count,
        });
      }
      return { topic, difficulty, count, cellIndex };
    })
    .sort((a, b) => wildcards(a) - wildcards(b) || a.cellIndex - b.cellIndex);
}

function matchesOf(cells: readonly OrderedCell[], classes: readonly { topic: string; difficulty: string }[]): number[][] {
  return cells.map((cell) =>
    classes.flatMap((pc, c) => ((cell.topic === ANY || cell.topic === pc.topic) && (cell.difficulty === ANY || cell.difficulty === pc.difficulty) ? [c] : [])),
  );
}

function shortCells(cells: readonly OrderedCell[], matches: number[][], supply: readonly number[]): ShortCell[] {
  const granted = allocateCells(
    cells.map((cell) => cell.count),
    supply,
    matches,
  );
  return cells
    .map((cell, j) => ({ ...cell, available: granted[j] }))
    .filter((cell) => cell.available < cell.count)
    .sort((a, b) => a.cellIndex - b.cellIndex)
    .map(({ cellIndex, topic, difficulty, count, available }) => ({ cellIndex, topic, difficulty, needed: count, available }));
}

/**
 * The cells a pool cannot fill (empty when the blueprint is satisfiable), for organizer validation.
 * Accepts per-(topic, difficulty) counts (repeated pairs add up) or a prepared pool.
 */
export function checkBlueprint(pool: readonly PoolCount[] | QuestionPool, blueprint: Blueprint): ShortCell[] {
  const cells = orderCells(blueprint);
  const totals = new Map<string, PoolCount>();
  for (const entry of pool instanceof QuestionPool ? pool.counts() : pool) {
    const { topic, difficulty, count } = entry ?? ({} as PoolCount);
    if (!isLabel(topic) || !isLabel(difficulty) || !Number.isSafeInteger(count) || count < 0) {
      throw new DomainError('drawing.invalid-pool', 'a pool count needs a topic, a difficulty and a non-negative count', {
        topic,
        difficulty,
        count,
      });
    }
    const key = classKey(topic, difficulty);
    const total = totals.get(key);
    totals.set(key, { topic, difficulty, count: (total?.count ?? 0) + count });
  }
  const classes = [...totals.values()];
  return shortCells(
    cells,
    matchesOf(cells, classes),
    classes.map((pc) => pc.count),
  );
}

/**
 * A blueprint checked against a pool once (cells ordered, matching classes found, every cell fillable), ready to
 * draw any number of attempts from with drawFromPlan: build it once per published round. Create with prepareDraw.
 */
export class DrawPlan {
  /** @internal use prepareDraw */
  constructor(
    readonly classes: readonly PoolClass[],
    readonly needs: readonly number[],
    readonly matches: readonly number[][],
    readonly supply: readonly number[],
    /** A class is wanted by two cells with a positive count: each pick is checked for feasibility. */
    readonly overlapping: boolean,
  ) {}
}

/**
 * Validates `blueprint` against `pool` and prepares the draw. Throws `blueprint.cell-short` naming the first short
 * cell (all in details.shortCells), `blueprint.invalid-cell` or `drawing.invalid-pool` on malformed input.
 */
export function prepareDraw(pool: readonly PoolQuestion[] | QuestionPool, blueprint: Blueprint): DrawPlan {
  const prepared = pool instanceof QuestionPool ? pool : prepareQuestionPool(pool);
  const cells = orderCells(blueprint);
  const { classes } = prepared;
  const matches = matchesOf(cells, classes);
  const supply = classes.map((pc) => pc.ids.length);

  const short = shortCells(cells, matches, supply);
  if (short.length > 0) {
    const [first] = short;
    throw new DomainError(
      'blueprint.cell-short',
      `blueprint cell ${first.cellIndex} (${first.topic}/${first.difficulty}) needs ${first.needed}, the pool has ${first.available}`,
      { ...first, shortCells: short },
    );
  }
  const needs = cells.map((cell) => cell.count);
  // Only overlapping cells (a class wanted by two cells with a positive count) need the feasibility check.
  const wanted = new Array<number>(classes.length).fill(0);
  matches.forEach((list, j) => needs[j] > 0 && list.forEach((c) => (wanted[c] += 1)));
  return new DrawPlan(
    classes,
    needs,
    matches,
    supply,
    wanted.some((count) => count > 1),
  );
}

/**
 * Draws exactly `count` questions per cell, no question twice (cells may overlap through '*'), and
 * returns their ids in a shuffled order. The result depends only on the pool's content (not its order),
 * the blueprint and the seed, so a recorded seed replays the draw. Each unit of a cell takes a
 * uniformly random question among those it matches, restricted to choices that keep the rest of the
 * blueprint satisfiable. Throws `blueprint.cell-short` naming the first short cell (all in details.shortCells).
 */
export function drawQuestions(pool: readonly PoolQuestion[] | QuestionPool, blueprint: Blueprint, seed: string): string[] {
  return drawFromPlan(prepareDraw(pool, blueprint), seed);
}

/** drawQuestions with the blueprint already checked (prepareDraw): the same draw for the same seed. */
export function drawFromPlan(plan: DrawPlan, seed: string): string[] {
  const { classes, matches, overlapping } = plan;
  const needs = [...plan.needs];
  const supply = [...plan.supply];
  const rng = createRng(deriveSeed('draw', seed));
  // Virtual Fisher–Yates per class: positions below `taken` are drawn; `swaps` overrides moved slots.
  const taken = new Array<number>(classes.length).fill(0);
  const swaps = classes.map(() => new Map<number, string>());
  const take = (c: number): string => {
    const ids = classes[c].ids;
    const i = taken[c] + rng.nextInt(ids.length - taken[c]);
    const picked = swaps[c].get(i) ?? ids[i];
    swaps[c].set(i, swaps[c].get(taken[c]) ?? ids[taken[c]]);
    taken[c] += 1;
    return picked;
  };

  const drawn: string[] = [];
  for (let j = 0; j < needs.length; j += 1) {
    while (needs[j] > 0) {
      let candidates = matches[j].filter((c) => supply[c] > 0);
      for (;;) {
        // A class weighted by its remaining questions = a uniform pick among the matching questions.
        let r = rng.nextInt(candidates.reduce((sum, c) => sum + supply[c], 0));
        const c = candidates.find((k) => (r -= supply[k]) < 0) as number;
        needs[j] -= 1;
        supply[c] -= 1;
        if (!overlapping || canAllocate(needs, supply, matches)) {
          drawn.push(take(c));
          break;
        }
        needs[j] += 1;
        supply[c] += 1;
        candidates = candidates.filter((k) => k !== c);
      }
    }
  }
  return shuffleWith(drawn, rng);
}
