export * from './access-token';
export * from './jwt.strategy';
export * from './decorators';
export * from './guards';
export * from './hot-auth';
export * from './token-revocations';
