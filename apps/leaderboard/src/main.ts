import 'reflect-metadata';
import { startPlatform } from '@hoi-thi/platform';
import { LEADERBOARD_SERVICE } from './leaderboard.service-def';

// The leaderboard service alone, on its own port (3004); `apps/platform` hosts all four in one process.
void startPlatform([LEADERBOARD_SERVICE], { port: 3004 });
