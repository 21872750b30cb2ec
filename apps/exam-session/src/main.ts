import 'reflect-metadata';
import { startPlatform } from '@hoi-thi/platform';
import { EXAM_SESSION_SERVICE } from './exam-session.service-def';

// The exam-session service alone, on its own port (3003); `apps/platform` hosts all four in one process.
void startPlatform([EXAM_SESSION_SERVICE], { port: 3003 });
