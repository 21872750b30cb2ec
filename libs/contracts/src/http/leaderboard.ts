/**
 * HTTP contracts of the leaderboard routes (docs/adr/0004-typed-contract.md): the live board and my rank, the
 * judges' statistics and console, finalization and the official results, prizes — and the socket.io `leaderboard`
 * push, which is no HTTP route but is read by the same screens.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { PredictionTarget, RankingCriterion } from '../rounds';
import { Instant, named, Nullable, Obj, OneOf, PageOf, Uuid } from './schema';

const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const Place = (description: string) => Type.Integer({ minimum: 1, description });
const Sha256 = (description: string) =>
  Type.String({ pattern: '^[0-9a-f]{64}$', description, examples: ['3f1c0a7d9b2e4c5f8a6b1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a'] });
/** A decimal carried as text (the prediction's numeric(20,5), trailing zeros trimmed): no float rounding on the way. */
const Decimal = (description: string) => Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description, examples: ['1234.5'] });

const RANKING_CRITERIA = ['points', 'prediction', 'duration', 'submittedAt'] as const satisfies readonly RankingCriterion[];
const PREDICTION_TARGETS = ['perfect-scorers', 'participations', 'contestants', 'perfect-percentage'] as const satisfies readonly PredictionTarget[];
export const COMPUTATION_KINDS = ['finalize', 'recompute', 'regrade'] as const;
export const RESULTS_FILE_FORMATS = ['csv', 'xlsx'] as const;
export type ResultsFileFormat = (typeof RESULTS_FILE_FORMATS)[number];

/* ------------------------------------------------------------------ live board ---------------------------------- */

export const BoardEntryV1 = named(
  'BoardEntryV1',
  Obj(
    {
      rank: Place('competition rank: entries the live rule cannot tell apart share it (1, 2, 2, 4)'),
      position: Place('1-based place in the board’s order, distinct for every entry'),
      name: Type.String({ description: 'masked full name', examples: ['Nguyễn V*** A*'] }),
      unitId: Nullable(Uuid()),
      unitName: Nullable(Type.String({ examples: ['Phường Ba Đình'] })),
      province: Nullable(Type.String({ description: 'province code', examples: ['01'] })),
      points: Count(),
      correct: Count('correct answers'),
      total: Count('questions'),
      durationMs: Count('time taken by the ranked attempt'),
      submittedAt: Nullable(Instant(), { description: 'null only in the instant between an entry’s rank and its details being written' }),
    },
    { description: 'One line of a public board: masked name, no prediction, no account id.' },
  ),
);
export type BoardEntryV1 = Static<typeof BoardEntryV1>;

export const BoardPageV1 = named(
  'BoardPageV1',
  Obj(
    {
      roundId: Uuid(),
      total: Count('entries on this board (the round’s, the unit’s or the province’s)'),
      offset: Count('0-based position of the first entry'),
      limit: Type.Integer({ minimum: 1, maximum: 100 }),
      unitId: Nullable(Uuid(), { description: 'the unit board asked for (`?unitId=`), else null' }),
      province: Nullable(Type.String(), { description: 'the province board asked for (`?province=`), else null' }),
      at: Instant({ description: 'when the board was read (the snapshot’s time for the top 100)' }),
      entries: Type.Array(BoardEntryV1),
    },
    {
      description:
        'A window of a live ranking, addressed by position (`?offset=&limit=`): the ranking moves under every submission, ' +
        'so a page is a position range at `at`, read in O(log n) from a Redis sorted set at any depth; the top 100 is ' +
        'served from a snapshot at most a second old.',
    },
  ),
);
export type BoardPageV1 = Static<typeof BoardPageV1>;

/** A place within a unit's or a province's board. */
const GroupPlace = Obj({
  rank: Place('competition rank within the group'),
  position: Place('place within the group'),
  total: Count('entries in the group'),
});

export const MyRankV1 = named(
  'MyRankV1',
  Obj(
    {
      roundId: Uuid(),
      total: Count('entries on the round’s board'),
      entry: Nullable(BoardEntryV1, { description: 'my own line; null before my first submission is ranked' }),
      around: Type.Array(BoardEntryV1, { description: 'up to 5 entries each side of mine, mine included; empty when entry is null' }),
      unit: Nullable(Obj({ unitId: Uuid(), ...GroupPlace.properties }), { description: 'my place in my unit’s board; null without a unit' }),
      province: Nullable(Obj({ province: Type.String({ examples: ['01'] }), ...GroupPlace.properties }), {
        description: 'my place in my province’s board; null without a province',
      }),
    },
    { description: 'The contestant’s exact live rank (round, unit, province) and the entries around it, all of one moment.' },
  ),
);
export type MyRankV1 = Static<typeof MyRankV1>;

export const LiveCountersV1 = named(
  'LiveCountersV1',
  Obj(
    {
      registered: Count('accounts registered'),
      attempts: Count('attempts submitted in the round'),
      validEntries: Count('contestants with a ranked entry'),
      inProgress: Count('attempts started and not yet submitted'),
      submissionsPerMinute: Count('attempts submitted in the last complete minute'),
      submissionsThisMinute: Count('attempts submitted so far in the current minute'),
    },
    { description: 'The live counters of a round.' },
  ),
);
export type LiveCountersV1 = Static<typeof LiveCountersV1>;

export const UnitShareV1 = named(
  'UnitShareV1',
  Obj(
    {
      unitId: Uuid(),
      name: Nullable(Type.String()),
      entries: Count('valid entries from the unit'),
      members: Nullable(Count('members of the unit, when registration knows it')),
      share: Nullable(Type.Number({ minimum: 0, description: 'entries / members, 4 decimals; null without a member count', examples: [0.4375] })),
    },
    { description: 'A unit’s participation: valid entries and the share of its members.' },
  ),
);
export type UnitShareV1 = Static<typeof UnitShareV1>;

export const UnitRankingsV1 = named(
  'UnitRankingsV1',
  Obj(
    {
      byEntries: Type.Array(UnitShareV1, { description: 'most valid entries first' }),
      byShare: Type.Array(UnitShareV1, { description: 'highest share of members first (units without a member count left out)' }),
    },
    { description: 'Units ordered by participation, two ways (the statistics show the top 100 each way, the prizes the top `units`).' },
  ),
);

export type UnitRankingsV1 = Static<typeof UnitRankingsV1>;

export const BoardStatsV1 = named(
  'BoardStatsV1',
  Obj(
    {
      roundId: Uuid(),
      at: Instant(),
      counters: LiveCountersV1,
      histogram: Type.Array(Obj({ points: Type.Integer(), entries: Count() }), { description: 'entries per score, lowest score first' }),
      perMinute: Type.Array(Obj({ minute: Instant(), attempts: Count() }), {
        description: 'submissions per minute (minutes without any left out), oldest first',
      }),
      units: UnitRankingsV1,
      provinces: Type.Array(Obj({ province: Type.String(), entries: Count() })),
    },
    {
      description: 'Judges’ and organizers’ statistics of a round. Also pushed on socket.io `stats` to judges (`perMinute` then covers the last hour).',
    },
  ),
);
export type BoardStatsV1 = Static<typeof BoardStatsV1>;

/** socket.io `/live`, event `leaderboard` (no HTTP route): what every watcher of a round receives about once a second. */
export const LeaderboardPushV1 = named(
  'LeaderboardPushV1',
  Obj(
    {
      roundId: Uuid(),
      version: Count('the board’s version the snapshot was built at'),
      top: Type.Array(
        Obj({
          rank: Place('competition rank'),
          name: Type.String({ description: 'masked full name' }),
          unitName: Nullable(Type.String()),
          province: Nullable(Type.String()),
          points: Count(),
          correct: Count(),
          durationMs: Count(),
        }),
        { description: 'the top 20, what the screen shows' },
      ),
      counters: LiveCountersV1,
      at: Instant(),
    },
    { description: 'The socket.io `leaderboard` push: the public top 20 and the counters, never the whole board.' },
  ),
);
export type LeaderboardPushV1 = Static<typeof LeaderboardPushV1>;

/* ------------------------------------------------------------- finalization, results ---------------------------- */

export const ComputationV1 = named(
  'ComputationV1',
  Obj(
    {
      computationId: Type.String({ pattern: '^\\d+$', description: 'the computation’s number in the append-only log', examples: ['42'] }),
      roundId: Uuid(),
      kind: OneOf(COMPUTATION_KINDS, { description: '`regrade`: recomputed after exam-session regraded a question' }),
      rule: Type.Array(OneOf(RANKING_CRITERIA), { description: 'the ranking criteria, in order' }),
      predictionTarget: Nullable(OneOf(PREDICTION_TARGETS)),
      tieSide: Nullable(OneOf(['over', 'under', 'none'] as const), { description: 'null for a round without a prediction' }),
      trueValue: Nullable(Decimal('the prediction’s true value, frozen at finalization')),
      participations: Count('submitted attempts ranked'),
      entries: Count('contestants ranked'),
      perfectScorers: Count(),
      inputSha256: Sha256('SHA-256 of everything the ranking read (attempts, rule, true value, disqualifications)'),
      rankingSha256: Sha256('SHA-256 of the ranking'),
      resultsSha256: Sha256('SHA-256 of the CSV results file this ranking gives'),
      sameAsPrevious: Nullable(Type.Boolean(), {
        description: 'null for the first computation; else whether it gave the same results file as the ranking in force',
      }),
      elapsedMs: Count(),
      timingsMs: Type.Optional(
        Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
          description: 'where the time went, ms per step; only in the answer of the computation itself',
        }),
      ),
    },
    { description: 'One computation of a round’s official ranking (finalization, recomputation, regrade).' },
  ),
);
export type ComputationV1 = Static<typeof ComputationV1>;

export const ComputationListV1 = named('ComputationListV1', PageOf(ComputationV1));
export type ComputationListV1 = Static<typeof ComputationListV1>;

export const FinalEntryV1 = named(
  'FinalEntryV1',
  Obj(
    {
      position: Place('place in the official order, distinct for every entry'),
      rank: Place('official rank (ties share it)'),
      attemptId: Uuid({ description: 'the ranked attempt' }),
      name: Type.String({ description: 'masked full name', examples: ['Nguyễn V*** A*'] }),
      unitId: Nullable(Uuid()),
      unitName: Nullable(Type.String()),
      province: Nullable(Type.String()),
      points: Count(),
      correct: Count(),
      total: Count(),
      durationMs: Count(),
      submittedAt: Instant(),
      prediction: Nullable(Decimal('the contestant’s prediction')),
      distance: Nullable(Decimal('distance from the prediction to the true value')),
    },
    { description: 'One line of the published official ranking.' },
  ),
);
export type FinalEntryV1 = Static<typeof FinalEntryV1>;

export const FinalResultsV1 = named(
  'FinalResultsV1',
  Obj(
    {
      roundId: Uuid(),
      finalizedAt: Instant(),
      updatedAt: Instant({ description: 'when the ranking in force was last replaced (a regrade), else finalizedAt' }),
      trueValue: Nullable(Decimal('the prediction’s true value; null for a round without a prediction')),
      resultsSha256: Sha256('SHA-256 of the official CSV results file'),
      total: Count('entries in the official ranking'),
      ...PageOf(FinalEntryV1).properties,
    },
    {
      description:
        'The published official ranking, a page at a time in position order (`?limit=&cursor=`), with the true value and the results file’s SHA-256.',
    },
  ),
);
export type FinalResultsV1 = Static<typeof FinalResultsV1>;

/**
 * `GET /api/rounds/{roundId}/results?format=csv|xlsx` answers a file, not JSON (text/csv or the XLSX type, with
 * `content-disposition: attachment`); these headers carry its metadata.
 */
export const RESULTS_FILE_HEADERS = {
  /** SHA-256 of the bytes sent (for the CSV, the stored results SHA-256). */
  contentSha256: 'x-content-sha256',
  /** SHA-256 of the official CSV results file, whatever the format sent. */
  resultsSha256: 'x-results-sha256',
} as const;

/* --------------------------------------------------------------------------- judge ------------------------------- */

const AttemptFlags = Obj({
  fast: Type.Boolean({ description: 'submitted faster than LEADERBOARD_FAST_MS_PER_QUESTION per question' }),
  disqualified: Type.Boolean({ description: 'the contestant is disqualified from the round' }),
});

/** exam-session's attempt row (docs/data-contracts.md), the columns a judge reads, as exam names them. */
export const JudgeAttemptRowV1 = named(
  'JudgeAttemptRowV1',
  Obj(
    {
      id: Uuid(),
      round_id: Uuid(),
      contestant_id: Uuid(),
      unit_id: Nullable(Uuid()),
      province: Nullable(Type.String()),
      status: OneOf(['active', 'submitted'] as const),
      correct: Nullable(Type.Integer()),
      points: Nullable(Type.Integer()),
      total: Type.Integer(),
      duration_ms: Nullable(Type.Integer()),
      started_at: Instant(),
      deadline: Instant(),
      submitted_at: Nullable(Instant()),
      prediction: Nullable(Decimal('the contestant’s prediction')),
    },
    { description: 'An attempt as exam-session records it (its contract columns, exam’s snake_case names).' },
  ),
);
export type JudgeAttemptRowV1 = Static<typeof JudgeAttemptRowV1>;

export const JudgeAttemptV1 = named(
  'JudgeAttemptV1',
  Obj(
    {
      ...JudgeAttemptRowV1.properties,
      contestantName: Nullable(Type.String({ description: 'full name (judges see it unmasked)' })),
      focusLosses: Count('times the exam page lost focus or was hidden'),
      flags: AttemptFlags,
    },
    { description: 'One attempt in the judges’ list.' },
  ),
);
export type JudgeAttemptV1 = Static<typeof JudgeAttemptV1>;

export const JudgeAttemptPageV1 = named('JudgeAttemptPageV1', PageOf(JudgeAttemptV1));
export type JudgeAttemptPageV1 = Static<typeof JudgeAttemptPageV1>;

export const JudgeAttemptDetailV1 = named(
  'JudgeAttemptDetailV1',
  Obj(
    {
      attempt: JudgeAttemptRowV1,
      contestantName: Nullable(Type.String()),
      ip: Nullable(Type.String({ description: 'the address the attempt was started from' })),
      device: Nullable(Type.String({ description: 'its User-Agent' })),
      focusLosses: Count(),
      timePerQuestion: Type.Array(
        Obj({ questionId: Type.String(), msSincePrevious: Type.Integer({ description: 'from the attempt’s start, or the previous question’s first answer' }) }),
        { description: 'questions in the order first answered' },
      ),
      answers: Type.Array(
        Obj({
          questionId: Type.String(),
          optionIds: Type.Array(Type.String()),
          changes: Count('times the answer was saved'),
          firstAnsweredAt: Instant(),
          lastAnsweredAt: Instant(),
        }),
        { description: 'the saved answers (the key is in GET /api/attempts/{attemptId}/review)' },
      ),
      events: Type.Array(Obj({ type: Type.String({ examples: ['blur'] }), clientAt: Nullable(Instant()), serverAt: Instant() }), {
        description: 'the anti-cheat events the exam page reported, oldest first (at most 1000)',
      }),
      flags: Obj({ fast: AttemptFlags.properties.fast }),
    },
    { description: 'One attempt as a judge inspects it: answers, time per question, address, device, focus losses.' },
  ),
);
export type JudgeAttemptDetailV1 = Static<typeof JudgeAttemptDetailV1>;

const SharedGroup = (key: 'ip' | 'device', description: string) =>
  Obj({
    [key]: Type.String({ description }),
    accounts: Count('distinct accounts'),
    contestantIds: Type.Array(Uuid(), { description: 'the first 50' }),
  });

export const JudgeFlagsV1 = named(
  'JudgeFlagsV1',
  Obj(
    {
      roundId: Uuid(),
      thresholds: Obj({ fastMsPerQuestion: Count(), accountsPerAddress: Count() }),
      fast: Type.Array(Obj({ attemptId: Uuid(), contestantId: Uuid(), total: Type.Integer(), durationMs: Type.Integer(), msPerQuestion: Type.Integer() }), {
        description: 'implausibly fast attempts (the first 200 submitted)',
      }),
      sharedAddresses: Type.Array(SharedGroup('ip', 'the address'), { description: 'addresses many accounts submitted from (at most 100)' }),
      sharedDevices: Type.Array(SharedGroup('device', '`address | user agent`'), { description: 'devices many accounts submitted from (at most 100)' }),
    },
    { description: 'The round’s anti-cheat signals.' },
  ),
);
export type JudgeFlagsV1 = Static<typeof JudgeFlagsV1>;

export const WhatIfV1 = named(
  'WhatIfV1',
  Obj(
    {
      roundId: Uuid(),
      trueValue: Nullable(Decimal('the true value (frozen if finalized, else today’s); null when the round does not rank by a prediction')),
      whatIfValue: Nullable(Decimal('the true value + delta')),
      entries: Type.Array(
        Obj({
          attemptId: Uuid(),
          contestantId: Uuid(),
          whatIfPosition: Place('place under the assumed value'),
          whatIfRank: Place('rank under the assumed value'),
          officialPosition: Nullable(Place('place under the true value; null outside its top `limit`')),
          move: Nullable(Type.Integer({ description: 'officialPosition − whatIfPosition: positive moves up' })),
        }),
        { description: 'the top `limit` under the assumed value' },
      ),
      note: Type.Optional(Type.String({ description: 'why there are no entries (a round without a prediction)' })),
    },
    { description: 'How the top of the ranking would move if the prediction’s true value were off by `delta`.' },
  ),
);
export type WhatIfV1 = Static<typeof WhatIfV1>;

export const AuditEntryV1 = named(
  'AuditEntryV1',
  Obj(
    {
      id: Type.String({ pattern: '^\\d+$' }),
      actorId: Nullable(Uuid(), { description: 'null for the system (a regrade)' }),
      action: Type.String({ examples: ['disqualify', 'results.finalize', 'prizes.award'] }),
      roundId: Nullable(Uuid()),
      subjectId: Nullable(Type.String({ description: 'the contestant or computation acted on' })),
      details: Type.Record(Type.String(), Type.Unknown(), { description: 'what the action recorded (reason, hashes, ladder…)' }),
      at: Instant(),
    },
    { description: 'One entry of the leaderboard’s append-only audit log.' },
  ),
);
export type AuditEntryV1 = Static<typeof AuditEntryV1>;

export const AuditPageV1 = named('AuditPageV1', PageOf(AuditEntryV1));
export type AuditPageV1 = Static<typeof AuditPageV1>;

export const DisqualifyRequestV1 = named(
  'DisqualifyRequestV1',
  Obj(
    {
      contestantId: Uuid(),
      reason: Type.String({ minLength: 3, maxLength: 500, examples: ['Làm bài nhanh bất thường, nhiều tài khoản cùng thiết bị'] }),
    },
    { description: 'Disqualify a contestant from a round, with a reason (audited).' },
  ),
);
export type DisqualifyRequestV1 = Static<typeof DisqualifyRequestV1>;

export const DisqualificationV1 = named(
  'DisqualificationV1',
  Obj(
    {
      contestantId: Uuid(),
      reason: Type.String(),
      disqualifiedBy: Uuid(),
      at: Instant(),
    },
    { description: 'A contestant disqualified from a round.' },
  ),
);
export type DisqualificationV1 = Static<typeof DisqualificationV1>;

export const DisqualificationPageV1 = named('DisqualificationPageV1', PageOf(DisqualificationV1));
export type DisqualificationPageV1 = Static<typeof DisqualificationPageV1>;

export const DisqualifiedV1 = named(
  'DisqualifiedV1',
  Obj(
    { roundId: Uuid(), contestantId: Uuid(), reason: Type.String(), disqualifiedBy: Uuid() },
    { description: 'The disqualification just recorded: the contestant has left the live board.' },
  ),
);
export type DisqualifiedV1 = Static<typeof DisqualifiedV1>;

/* -------------------------------------------------------------------------- prizes ------------------------------- */

export const PrizeStepV1 = named(
  'PrizeStepV1',
  Obj(
    {
      prize: Type.String({ minLength: 1, maxLength: 100, examples: ['Giải Nhất'] }),
      count: Type.Integer({ minimum: 1, maximum: 10000, examples: [1] }),
    },
    { description: 'One step of a prize ladder: `count` prizes named `prize`.' },
  ),
);
export type PrizeStepV1 = Static<typeof PrizeStepV1>;

export const AwardPrizesRequestV1 = named(
  'AwardPrizesRequestV1',
  Obj(
    {
      ladder: Type.Array(PrizeStepV1, {
        minItems: 1,
        maxItems: 20,
        examples: [
          [
            { prize: 'Giải Nhất', count: 1 },
            { prize: 'Giải Nhì', count: 2 },
          ],
        ],
      }),
      maxPerPerson: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'prizes one person may hold in the contest' })),
      units: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 3, description: 'units awarded in each collective prize' })),
    },
    { description: 'The prize ladder to award from the official ranking.' },
  ),
);
export type AwardPrizesRequestV1 = Static<typeof AwardPrizesRequestV1>;

export const PrizeAwardV1 = named(
  'PrizeAwardV1',
  Obj(
    {
      prize: Type.String({ examples: ['Giải Nhất'] }),
      prizeOrder: Place('the step of the ladder (1 = first)'),
      position: Place('official place'),
      rank: Place('official rank'),
      contestantId: Uuid(),
      fullName: Nullable(Type.String({ description: 'unmasked: staff only' })),
      attemptId: Uuid(),
    },
    { description: 'One individual prize.' },
  ),
);
export type PrizeAwardV1 = Static<typeof PrizeAwardV1>;

export const PrizeAwardsV1 = named(
  'PrizeAwardsV1',
  Obj(
    {
      roundId: Uuid(),
      computationId: Type.String({ pattern: '^\\d+$', description: 'the official ranking the prizes were read from' }),
      awards: Type.Array(PrizeAwardV1, { description: 'in ladder order, then position' }),
      units: UnitRankingsV1,
    },
    { description: 'A round’s award list and its collective prizes for units.' },
  ),
);
export type PrizeAwardsV1 = Static<typeof PrizeAwardsV1>;

export const PrizeAwardOutcomeV1 = named(
  'PrizeAwardOutcomeV1',
  Obj(
    {
      ...PrizeAwardsV1.properties,
      skipped: Type.Array(
        Obj({
          contestantId: Uuid(),
          position: Place('official place'),
          reason: OneOf(['staff', 'prize-limit'] as const, {
            description: '`staff` are never eligible; `prize-limit`: already holds maxPerPerson prizes in the contest',
          }),
        }),
        { description: 'the contestants passed over while the ladder was given out' },
      ),
    },
    { description: 'The awards just made, and who was passed over and why.' },
  ),
);
export type PrizeAwardOutcomeV1 = Static<typeof PrizeAwardOutcomeV1>;
