export * from './service-database';
export * from './typeorm';
export * from './read-database';
export * from './pg-errors';
