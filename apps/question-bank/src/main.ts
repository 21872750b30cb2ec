import 'reflect-metadata';
import { startPlatform } from '@hoi-thi/platform';
import { QUESTION_BANK_SERVICE } from './question-bank.service-def';

// The question-bank service alone, on its own port (3002); `apps/platform` hosts all four in one process.
void startPlatform([QUESTION_BANK_SERVICE], { port: 3002 });
