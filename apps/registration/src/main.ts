import 'reflect-metadata';
import { startPlatform } from '@hoi-thi/platform';
import { REGISTRATION_SERVICE } from './registration.service-def';

// The registration service alone, on its own port (3001); `apps/platform` hosts all four in one process.
void startPlatform([REGISTRATION_SERVICE], { port: 3001 });
