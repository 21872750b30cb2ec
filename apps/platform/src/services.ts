import type { ServiceDefinition } from '@hoi-thi/platform';
import { REGISTRATION_SERVICE } from '../../registration/src/registration.service-def';
import { QUESTION_BANK_SERVICE } from '../../question-bank/src/question-bank.service-def';
import { EXAM_SESSION_SERVICE } from '../../exam-session/src/exam-session.service-def';
import { LEADERBOARD_SERVICE } from '../../leaderboard/src/leaderboard.service-def';

/**
 * The composition root: the one place allowed to import every app (see docs/adr/0002). The single-machine
 * default hosts all four services in one process on one port; `SERVICES=a,b` hosts a subset.
 */
export const ALL_SERVICES: ServiceDefinition[] = [REGISTRATION_SERVICE, QUESTION_BANK_SERVICE, EXAM_SESSION_SERVICE, LEADERBOARD_SERVICE];
