import type { DynamicModule, Type } from '@nestjs/common';
import type { EnvClass } from './config/platform-env';
import type { ServiceDatabase } from './database/service-database';
import type { AnyErrorCatalog } from './errors/error-catalog';

/** What makes a deployable: its module, its port when run alone, its database, its error codes, its demo seed. */
export interface ServiceDefinition {
  name: 'registration' | 'question-bank' | 'exam-session' | 'leaderboard';
  port: number;
  module: Type<unknown> | DynamicModule;
  database: ServiceDatabase;
  /** Every code the service answers (`defineErrors`), registered by `createPlatformApp` when it is hosted. */
  errors: AnyErrorCatalog;
  /** Its own env class (e.g. `LeaderboardEnv`), validated at boot beside PlatformEnv; provided by `envProvider`. */
  env?: EnvClass;
  /** Optional demo data for `npm start` (idempotent). */
  seed?: (ctx: SeedContext) => Promise<void>;
}

export interface SeedContext {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  demoPassword: string;
  log: (line: string) => void;
}
