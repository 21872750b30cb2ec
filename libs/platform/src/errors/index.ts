export * from './error-catalog';
export * from './problem.exception';
export * from './problem';
export * from './problem.filter';
export * from './domain-errors';
