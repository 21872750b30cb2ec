export * from './roles';
export * from './events';
export * from './problem';
export * from './rounds';
