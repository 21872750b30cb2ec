import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from '@hoi-thi/platform';

/** A path id that is not a UUID is simply unknown: 404, like any id we do not have. */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new ProblemException('not-found') });
