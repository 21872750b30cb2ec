export * from './service-database';
export * from './typeorm';
