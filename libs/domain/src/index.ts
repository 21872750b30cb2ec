export * from './errors/domain-error';

export * from './timing/instant';
export * from './timing/deadline';
export * from './timing/round-window';

export * from './ranking/ranking-rule';
export * from './ranking/prediction';
export * from './ranking/live-score';
export * from './ranking/final-order';
export * from './ranking/mask-name';

export * from './drawing/rng';
export * from './drawing/draw-questions';
export * from './drawing/shuffle-options';
export * from './drawing/attempt-options';

export * from './scoring/score-attempt';
export * from './scoring/reveal-policy';
