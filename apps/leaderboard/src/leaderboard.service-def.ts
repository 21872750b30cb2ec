import { ServiceDefinition } from '@hoi-thi/platform';
import { LEADERBOARD_ERRORS } from './common/leaderboard.errors';
import { LEADERBOARD_DATABASE } from './leaderboard.database';
import { LeaderboardEnv } from './leaderboard.env';
import { LeaderboardModule } from './leaderboard.module';

export const LEADERBOARD_SERVICE: ServiceDefinition = {
  name: 'leaderboard',
  port: 3004,
  module: LeaderboardModule,
  database: LEADERBOARD_DATABASE,
  errors: LEADERBOARD_ERRORS,
  env: LeaderboardEnv,
};
