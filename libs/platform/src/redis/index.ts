export * from './redis';
export * from './redis.module';
export * from './stream-tail';
export * from './redis-script';
export * from './stream-consumer';
