import fc from 'fast-check';
import { isDomainError } from '../errors/domain-error';
import { ANY, BlueprintCell, PoolQuestion, checkBlueprint, drawFromPlan, drawQuestions, prepareDraw, prepareQuestionPool } from './draw-questions';

const topics = ['A', 'B', 'C'];
const difficulties = ['easy', 'medium', 'hard'];
const makePool = (perClass: number): PoolQuestion[] =>
  topics.flatMap((topic) =>
    difficulties.flatMap((difficulty) => Array.from({ length: perClass }, (_, i) => ({ id: `${topic}-${difficulty}-${i}`, topic, difficulty }))),
  );
const pool = makePool(5);
const byId = new Map(pool.map((q) => [q.id, q]));
const matches = (cell: BlueprintCell, q: PoolQuestion) =>
  (cell.topic === ANY || cell.topic === q.topic) && (cell.difficulty === ANY || cell.difficulty === q.difficulty);

/** True when the drawn questions can be assigned to the cells exactly (brute force over small draws). */
function fitsBlueprint(ids: string[], blueprint: BlueprintCell[], questions: Map<string, PoolQuestion>): boolean {
  const slots = blueprint.flatMap((cell) => Array.from({ length: cell.count }, () => cell));
  if (slots.length !== ids.length) return false;
  const used = new Array(ids.length).fill(false);
  const assign = (s: number): boolean =>
    s === slots.length ||
    ids.some((id, i) => {
      if (used[i] || !matches(slots[s], questions.get(id) as PoolQuestion)) return false;
      used[i] = true;
      if (assign(s + 1)) return true;
      used[i] = false;
      return false;
    });
  return assign(0);
}

const arbCell = fc.record({
  topic: fc.constantFrom(ANY, ...topics),
  difficulty: fc.constantFrom(ANY, ...difficulties),
  count: fc.integer({ min: 0, max: 4 }),
});
const arbSeed = fc.string({ minLength: 1, maxLength: 12 });

describe(drawQuestions.name, () => {
  const blueprint: BlueprintCell[] = [
    { topic: 'A', difficulty: 'easy', count: 3 },
    { topic: 'B', difficulty: 'medium', count: 2 },
    { topic: 'C', difficulty: ANY, count: 4 },
  ];

  it('draws exactly count per cell, without repeats', () => {
    const ids = drawQuestions(pool, blueprint, 'seed-1');
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
    const of = (topic: string, difficulty?: string) =>
      ids.filter((id) => byId.get(id)?.topic === topic && (difficulty === undefined || byId.get(id)?.difficulty === difficulty)).length;
    expect(of('A', 'easy')).toBe(3);
    expect(of('B', 'medium')).toBe(2);
    expect(of('C')).toBe(4);
  });

  it('is reproducible from the seed, whatever the pool order', () => {
    const draw = drawQuestions(pool, blueprint, 'seed-1');
    expect(drawQuestions([...pool].reverse(), blueprint, 'seed-1')).toEqual(draw);
    expect(drawQuestions(prepareQuestionPool(pool), blueprint, 'seed-1')).toEqual(draw);
  });

  it('fills overlapping cells where a greedy draw would fail', () => {
    // The only valid split: the A/* cell must take A-hard so the */easy cell gets A-easy.
    const small: PoolQuestion[] = [
      { id: 'a-easy', topic: 'A', difficulty: 'easy' },
      { id: 'a-hard', topic: 'A', difficulty: 'hard' },
    ];
    const cells = [
      { topic: ANY, difficulty: 'easy', count: 1 },
      { topic: 'A', difficulty: ANY, count: 1 },
    ];
    for (let i = 0; i < 50; i += 1) {
      expect(drawQuestions(small, cells, `s${i}`).sort()).toEqual(['a-easy', 'a-hard']);
    }
  });

  it('returns nothing for an empty blueprint or zero counts', () => {
    expect(drawQuestions(pool, [], 's')).toEqual([]);
    expect(drawQuestions([], [{ topic: 'A', difficulty: 'easy', count: 0 }], 's')).toEqual([]);
  });

  it('can take the whole pool', () => {
    expect(drawQuestions(pool, [{ topic: ANY, difficulty: ANY, count: pool.length }], 's').sort()).toEqual(pool.map((q) => q.id).sort());
  });

  it('throws blueprint.cell-short naming the short cell', () => {
    let caught: unknown;
    try {
      drawQuestions(
        pool,
        [
          { topic: 'A', difficulty: 'easy', count: 2 },
          { topic: 'B', difficulty: 'hard', count: 6 },
        ],
        's',
      );
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'blueprint.cell-short')).toBe(true);
    expect((caught as { details: unknown }).details).toMatchObject({ cellIndex: 1, topic: 'B', difficulty: 'hard', needed: 6, available: 5 });
  });

  it('names the wildcard cell when overlapping cells compete', () => {
    const cells = [
      { topic: ANY, difficulty: 'easy', count: 12 },
      { topic: 'A', difficulty: 'easy', count: 4 },
    ];
    // 15 easy questions, 4 go to the specific A/easy cell first.
    expect(() => drawQuestions(pool, cells, 's')).toThrow(
      expect.objectContaining({ code: 'blueprint.cell-short', details: expect.objectContaining({ cellIndex: 0, needed: 12, available: 11 }) }),
    );
  });

  it.each([
    ['a duplicate id', [...pool, pool[0]], 'drawing.invalid-pool'],
    ['a question without topic', [{ id: 'x', topic: '', difficulty: 'easy' }], 'drawing.invalid-pool'],
    ['a null question', [null], 'drawing.invalid-pool'],
  ])('rejects a pool with %s', (_, badPool, code) => {
    expect(() => drawQuestions(badPool as PoolQuestion[], [], 's')).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [{ topic: 'A', difficulty: 'easy', count: -1 }],
    [{ topic: 'A', difficulty: 'easy', count: 1.5 }],
    [{ topic: 'A', difficulty: 'easy', count: NaN }],
    [{ topic: '', difficulty: 'easy', count: 1 }],
    [{ topic: 'A', difficulty: undefined, count: 1 }],
  ])('rejects the cell %p', (cell) => {
    expect(() => drawQuestions(pool, [cell as BlueprintCell], 's')).toThrow(expect.objectContaining({ code: 'blueprint.invalid-cell' }));
  });

  it('rejects a blueprint that is not a list and an empty seed', () => {
    expect(() => drawQuestions(pool, {} as BlueprintCell[], 's')).toThrow(expect.objectContaining({ code: 'blueprint.invalid-cell' }));
    expect(() => drawQuestions(pool, blueprint, '')).not.toThrow(); // derived seed
  });

  it('respects every cell, never repeats, replays, and throws only when checkBlueprint finds a short cell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(arbCell, { maxLength: 4 }), arbSeed, (perClass, cells, seed) => {
        const questions = makePool(perClass);
        const lookup = new Map(questions.map((q) => [q.id, q]));
        const short = checkBlueprint(prepareQuestionPool(questions), cells);
        let ids: string[];
        try {
          ids = drawQuestions(questions, cells, seed);
        } catch (error) {
          expect(isDomainError(error, 'blueprint.cell-short')).toBe(true);
          expect(short.length).toBeGreaterThan(0);
          return;
        }
        expect(short).toEqual([]);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.every((id) => lookup.has(id))).toBe(true);
        expect(fitsBlueprint(ids, cells, lookup)).toBe(true);
        expect(drawQuestions([...questions].reverse(), cells, seed)).toEqual(ids);
      }),
      { numRuns: 300 },
    );
  });

  it('gives different seeds different draws (almost always)', () => {
    const cells = [{ topic: ANY, difficulty: ANY, count: 10 }];
    const draws = new Set(Array.from({ length: 100 }, (_, i) => drawQuestions(pool, cells, `attempt-${i}`).join(',')));
    expect(draws.size).toBe(100);
  });

  it('draws each matching question about equally often', () => {
    const counts = new Map<string, number>();
    const runs = 3000;
    for (let i = 0; i < runs; i += 1) {
      for (const id of drawQuestions(pool, [{ topic: 'A', difficulty: ANY, count: 3 }], `u${i}`)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(15);
    for (const count of counts.values()) expect(Math.abs(count - (runs * 3) / 15)).toBeLessThan(120);
  });

  it('shuffles the drawn order (not grouped by cell)', () => {
    const cells = [
      { topic: 'A', difficulty: 'easy', count: 5 },
      { topic: 'B', difficulty: 'easy', count: 5 },
    ];
    const firstTopics = new Set(Array.from({ length: 30 }, (_, i) => byId.get(drawQuestions(pool, cells, `o${i}`)[0])?.topic));
    expect(firstTopics).toEqual(new Set(['A', 'B']));
  });
});

describe(drawFromPlan.name, () => {
  it('draws what drawQuestions draws for the same seed, from a plan prepared once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(arbCell, { maxLength: 4 }),
        fc.array(arbSeed, { minLength: 1, maxLength: 4 }),
        (perClass, cells, seeds) => {
          const questions = makePool(perClass);
          let plan;
          try {
            plan = prepareDraw(questions, cells);
          } catch (error) {
            expect(isDomainError(error, 'blueprint.cell-short')).toBe(true);
            expect(() => drawQuestions(questions, cells, seeds[0])).toThrow(expect.objectContaining({ code: 'blueprint.cell-short' }));
            return;
          }
          for (const seed of seeds) expect(drawFromPlan(plan, seed)).toEqual(drawQuestions(questions, cells, seed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is a frozen function of the seed (golden values: recorded draws replay by them)', () => {
    const plan = prepareDraw(pool, [
      { topic: 'A', difficulty: ANY, count: 3 },
      { topic: ANY, difficulty: 'hard', count: 2 },
    ]);
    expect(drawFromPlan(plan, 'seed-1')).toEqual(['A-medium-0', 'A-hard-0', 'C-hard-4', 'A-hard-4', 'A-hard-3']);
  });
});

describe(checkBlueprint.name, () => {
  const counts = [
    { topic: 'A', difficulty: 'easy', count: 10 },
    { topic: 'A', difficulty: 'hard', count: 2 },
    { topic: 'B', difficulty: 'easy', count: 1 },
  ];

  it('is empty for a satisfiable blueprint', () => {
    expect(
      checkBlueprint(counts, [
        { topic: 'A', difficulty: 'easy', count: 10 },
        { topic: ANY, difficulty: ANY, count: 3 },
      ]),
    ).toEqual([]);
  });

  it('lists every short cell in blueprint order', () => {
    expect(
      checkBlueprint(counts, [
        { topic: 'B', difficulty: 'easy', count: 2 },
        { topic: 'A', difficulty: 'easy', count: 3 },
        { topic: 'C', difficulty: ANY, count: 1 },
      ]),
    ).toEqual([
      { cellIndex: 0, topic: 'B', difficulty: 'easy', needed: 2, available: 1 },
      { cellIndex: 2, topic: 'C', difficulty: ANY, needed: 1, available: 0 },
    ]);
  });

  it('serves specific cells first, so the wildcard cell is reported short', () => {
    expect(
      checkBlueprint(counts, [
        { topic: ANY, difficulty: 'hard', count: 1 },
        { topic: 'A', difficulty: ANY, count: 12 },
      ]),
    ).toEqual([{ cellIndex: 1, topic: 'A', difficulty: ANY, needed: 12, available: 11 }]);
  });

  it('adds repeated pool counts and accepts a prepared pool', () => {
    const cell = [{ topic: 'A', difficulty: 'easy', count: 4 }];
    expect(
      checkBlueprint(
        [
          { topic: 'A', difficulty: 'easy', count: 2 },
          { topic: 'A', difficulty: 'easy', count: 2 },
        ],
        cell,
      ),
    ).toEqual([]);
    expect(checkBlueprint(prepareQuestionPool(pool), [{ topic: 'A', difficulty: 'easy', count: 6 }])).toEqual([
      { cellIndex: 0, topic: 'A', difficulty: 'easy', needed: 6, available: 5 },
    ]);
  });

  it('handles huge counts without looping', () => {
    expect(checkBlueprint(counts, [{ topic: ANY, difficulty: ANY, count: 1e12 }])).toEqual([
      { cellIndex: 0, topic: ANY, difficulty: ANY, needed: 1e12, available: 13 },
    ]);
  });

  it('rejects malformed counts and cells', () => {
    expect(() => checkBlueprint([{ topic: 'A', difficulty: 'easy', count: -1 }], [])).toThrow(expect.objectContaining({ code: 'drawing.invalid-pool' }));
    expect(() => checkBlueprint(counts, [{ topic: 'A', difficulty: 'easy', count: -1 }])).toThrow(expect.objectContaining({ code: 'blueprint.invalid-cell' }));
  });

  it('agrees with a brute-force Hall check on small cases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(arbCell, { maxLength: 4 }), (perClass, cells) => {
        const questions = makePool(perClass);
        const short = checkBlueprint(prepareQuestionPool(questions).counts(), cells);
        // Hall: satisfiable iff every subset of cells has at least as many matching questions as it needs.
        let hall = true;
        for (let mask = 1; mask < 1 << cells.length; mask += 1) {
          const subset = cells.filter((_, i) => mask & (1 << i));
          const need = subset.reduce((sum, c) => sum + c.count, 0);
          const have = questions.filter((q) => subset.some((c) => matches(c, q))).length;
          if (have < need) hall = false;
        }
        expect(short.length === 0).toBe(hall);
      }),
      { numRuns: 500 },
    );
  });
});

describe(prepareQuestionPool.name, () => {
  it('groups by topic and difficulty and counts', () => {
    const sut = prepareQuestionPool(pool);
    expect(sut.size).toBe(45);
    expect(sut.counts()).toHaveLength(9);
    expect(sut.counts().every((c) => c.count === 5)).toBe(true);
  });
});
