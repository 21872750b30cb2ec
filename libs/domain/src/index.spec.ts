import * as domain from '@hoi-thi/domain';

describe('@hoi-thi/domain', () => {
  it.each([
    'DomainError', 'isDomainError', 'encodeLiveScore', 'decodeLiveScore', 'compareLiveEntries', 'compareFinalEntries',
    'rankEntries', 'pickBestAttempts', 'computePredictionTrueValue', 'collectPredictionStats', 'maskName', 'createRng',
    'drawQuestions', 'checkBlueprint', 'prepareQuestionPool', 'shuffleOptions', 'opaqueOptionId', 'scoreAttempt',
    'prepareDraw', 'drawFromPlan', 'attemptKeys', 'idFingerprint', 'opaqueOptionIdV2', 'shuffleOptionsV2', 'createRngFromState',
    'computeDeadline', 'isAnswerAccepted', 'effectiveSubmittedAt', 'durationMs', 'roundStatus',
  ])('exports %s', (name) => {
    expect((domain as Record<string, unknown>)[name]).toBeDefined();
  });
});
