export * from './roles';
export * from './events';
export * from './problem';
export * from './rounds';
export * from './http/schema';
export * from './http/users';
export * from './http/auth';
