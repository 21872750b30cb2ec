import fc from 'fast-check';
import { PARTIAL_CREDIT_POLICIES, ScorableQuestion, scoreAttempt } from './score-attempt';

const single: ScorableQuestion = { id: 'q1', kind: 'single', correctOptionIds: ['b'] };
const trueFalse: ScorableQuestion = { id: 'q2', kind: 'true-false', correctOptionIds: ['true'], points: 2 };
const multiple: ScorableQuestion = { id: 'q3', kind: 'multiple', correctOptionIds: ['a', 'c', 'd'], points: 6 };
const paper = [single, trueFalse, multiple];

describe(scoreAttempt.name, () => {
  it('scores all-or-nothing by default', () => {
    expect(scoreAttempt(paper, { q1: ['b'], q2: ['false'], q3: ['a', 'c'] })).toEqual({
      correct: 1,
      points: 1,
      total: 3,
      maxPoints: 9,
      perQuestion: [
        { questionId: 'q1', answered: true, correct: true, points: 1 },
        { questionId: 'q2', answered: true, correct: false, points: 0 },
        { questionId: 'q3', answered: true, correct: false, points: 0 },
      ],
    });
  });

  it('gives full marks for the exact correct set, in any order, duplicates ignored', () => {
    const result = scoreAttempt(
      paper,
      new Map([
        ['q1', ['b']],
        ['q2', ['true', 'true']],
        ['q3', ['d', 'a', 'c']],
      ]),
    );
    expect(result).toMatchObject({ correct: 3, points: 9, maxPoints: 9 });
  });

  it('gives nothing for a single-choice question with two picks', () => {
    expect(scoreAttempt([single], { q1: ['b', 'a'] }, { partialCredit: 'proportional' }).points).toBe(0);
  });

  it.each([
    ['proportional', ['a', 'c'], 4],
    ['proportional', ['a', 'c', 'b'], 2],
    ['proportional', ['a', 'b', 'e'], 0],
    ['proportional', ['a'], 2],
    ['none-if-any-wrong', ['a', 'c'], 4],
    ['none-if-any-wrong', ['a', 'c', 'b'], 0],
    ['all-or-nothing', ['a', 'c'], 0],
  ] as const)('%s credit for %p is %p of 6', (partialCredit, chosen, points) => {
    const result = scoreAttempt([multiple], { q3: chosen }, { partialCredit });
    expect(result.points).toBe(points);
    expect(result.correct).toBe(0);
  });

  it('rounds partial credit down to whole points', () => {
    expect(scoreAttempt([{ ...multiple, points: 1 }], { q3: ['a', 'c'] }, { partialCredit: 'proportional' }).points).toBe(0);
    expect(scoreAttempt([{ ...multiple, points: 4 }], { q3: ['a', 'c'] }, { partialCredit: 'proportional' }).points).toBe(2);
  });

  it('ignores answers to questions outside the paper and treats unknown options as wrong', () => {
    expect(scoreAttempt([single], { q1: ['b'], other: ['x'] }).points).toBe(1);
    expect(scoreAttempt([single], { q1: ['zz'] }).perQuestion[0]).toEqual({ questionId: 'q1', answered: true, correct: false, points: 0 });
  });

  it('does not read inherited properties as answers', () => {
    expect(scoreAttempt([{ ...single, id: 'toString' }], {}).perQuestion[0].answered).toBe(false);
  });

  it('scores an empty paper as zero', () => {
    expect(scoreAttempt([], {})).toEqual({ correct: 0, points: 0, total: 0, maxPoints: 0, perQuestion: [] });
  });

  it.each([
    ['duplicate ids', [single, single]],
    ['an empty id', [{ ...single, id: '' }]],
    ['negative points', [{ ...single, points: -1 }]],
    ['fractional points', [{ ...single, points: 0.5 }]],
    ['NaN points', [{ ...single, points: NaN }]],
    ['no correct option', [{ ...single, correctOptionIds: [] }]],
    ['a duplicate correct option', [{ ...multiple, correctOptionIds: ['a', 'a'] }]],
    ['two keys on a single-choice question', [{ ...single, correctOptionIds: ['a', 'b'] }]],
    ['two keys on a true/false question', [{ ...trueFalse, correctOptionIds: ['true', 'false'] }]],
    ['an unknown kind', [{ ...single, kind: 'essay' }]],
    ['a missing key', [{ ...single, correctOptionIds: undefined }]],
  ])('rejects %s', (_, questions) => {
    expect(() => scoreAttempt(questions as ScorableQuestion[], {})).toThrow(expect.objectContaining({ code: 'scoring.invalid-question' }));
  });

  it('rejects an unknown policy and malformed answers', () => {
    expect(() => scoreAttempt(paper, {}, { partialCredit: 'generous' as never })).toThrow(expect.objectContaining({ code: 'scoring.invalid-question' }));
    expect(() => scoreAttempt(paper, null as never)).toThrow(expect.objectContaining({ code: 'scoring.invalid-answer' }));
    expect(() => scoreAttempt(paper, { q1: 'b' } as never)).toThrow(expect.objectContaining({ code: 'scoring.invalid-answer' }));
  });

  describe('properties', () => {
    const options = ['a', 'b', 'c', 'd', 'e'];
    const arbQuestion = fc
      .record({
        kind: fc.constantFrom('single' as const, 'multiple' as const, 'true-false' as const),
        correct: fc.shuffledSubarray(options, { minLength: 1 }),
        points: fc.integer({ min: 0, max: 10 }),
      })
      .map(({ kind, correct, points }) => ({ kind, correctOptionIds: kind === 'multiple' ? correct : correct.slice(0, 1), points }));
    const arbPaper = fc.array(arbQuestion, { maxLength: 8 }).map((questions) => questions.map((q, i): ScorableQuestion => ({ ...q, id: `q${i}` })));
    const arbPolicy = fc.constantFrom(...PARTIAL_CREDIT_POLICIES);
    const arbCase = arbPaper.chain((questions) => fc.tuple(fc.constant(questions), fc.tuple(...questions.map(() => fc.subarray(options))), arbPolicy));
    const answersOf = (questions: ScorableQuestion[], picks: string[][]) => Object.fromEntries(questions.map((q, i) => [q.id, picks[i]]));

    it('keeps 0 ≤ points ≤ maxPoints, integer, and sums perQuestion', () => {
      fc.assert(
        fc.property(arbCase, ([questions, picks, partialCredit]) => {
          const result = scoreAttempt(questions, answersOf(questions, picks), { partialCredit });
          expect(Number.isInteger(result.points)).toBe(true);
          expect(result.points).toBeGreaterThanOrEqual(0);
          expect(result.points).toBeLessThanOrEqual(result.maxPoints);
          expect(result.points).toBe(result.perQuestion.reduce((sum, q) => sum + q.points, 0));
          expect(result.correct).toBe(result.perQuestion.filter((q) => q.correct).length);
          expect(result.total).toBe(questions.length);
          result.perQuestion.forEach((q, i) => expect(q.points).toBeLessThanOrEqual(questions[i].points ?? 1));
        }),
      );
    });

    it('gives the maximum for all-correct answers under every policy', () => {
      fc.assert(
        fc.property(arbPaper, arbPolicy, (questions, partialCredit) => {
          const answers = Object.fromEntries(questions.map((q) => [q.id, [...q.correctOptionIds].reverse()]));
          const result = scoreAttempt(questions, answers, { partialCredit });
          expect(result.points).toBe(result.maxPoints);
          expect(result.correct).toBe(questions.length);
        }),
      );
    });

    it('gives zero for empty answers under every policy', () => {
      fc.assert(
        fc.property(arbPaper, arbPolicy, fc.boolean(), (questions, partialCredit, asMap) => {
          const answers = asMap ? new Map(questions.map((q) => [q.id, [] as string[]])) : {};
          const result = scoreAttempt(questions, answers, { partialCredit });
          expect(result.points).toBe(0);
          expect(result.correct).toBe(0);
          expect(result.perQuestion.every((q) => !q.answered)).toBe(true);
        }),
      );
    });

    it('does not depend on the order of chosen options', () => {
      fc.assert(
        fc.property(arbCase, arbPolicy, ([questions, picks], partialCredit) => {
          const forward = scoreAttempt(questions, answersOf(questions, picks), { partialCredit });
          const reversed = scoreAttempt(
            questions,
            answersOf(
              questions,
              picks.map((p) => [...p].reverse()),
            ),
            { partialCredit },
          );
          expect(reversed).toEqual(forward);
        }),
      );
    });

    it('gives partial credit at least what all-or-nothing gives', () => {
      fc.assert(
        fc.property(arbCase, ([questions, picks]) => {
          const answers = answersOf(questions, picks);
          const strict = scoreAttempt(questions, answers).points;
          expect(scoreAttempt(questions, answers, { partialCredit: 'proportional' }).points).toBeGreaterThanOrEqual(strict);
          expect(scoreAttempt(questions, answers, { partialCredit: 'none-if-any-wrong' }).points).toBeGreaterThanOrEqual(strict);
        }),
      );
    });
  });
});
