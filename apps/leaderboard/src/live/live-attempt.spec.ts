import { randomUUID } from 'node:crypto';
import { encodeLiveScore, MAX_LIVE_DURATION_MS } from '@hoi-thi/domain';
import { toRoundConfig } from '../sources/round-config';
import { InvalidSubmission, liveScoreOf, parseSubmission, trimDecimal } from './live-attempt';

const event = (fields: Record<string, unknown> = {}) => ({
  attemptId: randomUUID(),
  roundId: randomUUID(),
  contestantId: randomUUID(),
  unitId: null,
  province: 'HN',
  correct: 18,
  points: 18,
  total: 20,
  durationMs: 65_000,
  startedAt: '2022-08-02T02:58:55.000Z',
  submittedAt: '2022-08-02T03:00:00.000Z',
  prediction: '120.50000',
  ...fields,
});

describe(parseSubmission.name, () => {
  it('reads an exam.attempt-submitted.v1 payload, one spelling per prediction', () => {
    const parsed = parseSubmission(event({ attemptId: 'AAAAAAAA-0000-4000-8000-000000000000' }));
    expect(parsed).toMatchObject({ attemptId: 'aaaaaaaa-0000-4000-8000-000000000000', points: 18, prediction: '120.5', regraded: false });
    expect(parsed.submittedAt.toISOString()).toBe('2022-08-02T03:00:00.000Z');
    expect(parseSubmission(event({ prediction: null })).prediction).toBeNull();
  });

  it.each([
    ['a missing payload', null],
    ['a bad attempt id', event({ attemptId: 'x' })],
    ['a bad unit id', event({ unitId: 'x' })],
    ['a province with a formula', event({ province: '=cmd' })],
    ['negative points', event({ points: -1 })],
    ['fractional duration', event({ durationMs: 1.5 })],
    ['a bad submission time', event({ submittedAt: 'yesterday' })],
    ['a negative prediction', event({ prediction: '-3' })],
  ])('refuses %s', (_, payload) => {
    expect(() => parseSubmission(payload)).toThrow(InvalidSubmission);
  });
});

describe(liveScoreOf.name, () => {
  const round = toRoundConfig({
    roundId: 'r',
    opensAt: '2022-08-01T03:00:00.000Z',
    closesAt: '2022-08-31T03:00:00.000Z',
    prediction: null,
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
  })!;

  it('is the domain’s live score with the round’s live rule', () => {
    const a = parseSubmission(event());
    expect(liveScoreOf(a, round)).toBe(encodeLiveScore({ points: 18, durationMs: 65_000, submittedAt: a.submittedAt, roundOpensAt: round.opensAt }));
  });

  it('clamps a duration past the encodable maximum and a submission stamped before the opening', () => {
    const long = parseSubmission(event({ durationMs: MAX_LIVE_DURATION_MS + 5 }));
    expect(liveScoreOf(long, round)).toBe(liveScoreOf({ ...long, durationMs: MAX_LIVE_DURATION_MS }, round));
    const early = parseSubmission(event({ submittedAt: '2022-07-31T00:00:00.000Z' }));
    expect(liveScoreOf(early, round)).toBe(liveScoreOf({ ...early, submittedAt: round.opensAt }, round));
  });
});

describe(toRoundConfig.name, () => {
  it('drops the prediction from the rule when the round asks none, and reads publicLeaderboard', () => {
    const c = toRoundConfig({
      roundId: 'r',
      opensAt: '2022-08-01T00:00:00Z',
      closesAt: '2022-08-02T00:00:00Z',
      prediction: { enabled: false },
      publicLeaderboard: false,
    })!;
    expect(c.rule).toEqual(['points', 'duration', 'submittedAt']);
    expect(c.liveRule).toEqual(['points', 'duration', 'submittedAt']);
    expect(c.publicBoard).toBe(false);
    expect(toRoundConfig({ roundId: 'r' })).toBeNull();
  });
});

describe(trimDecimal.name, () => {
  it.each([
    ['12.00000', '12'],
    ['12.50000', '12.5'],
    ['0.00001', '0.00001'],
    ['100', '100'],
  ])('%s → %s', (input, output) => expect(trimDecimal(input)).toBe(output));
});
