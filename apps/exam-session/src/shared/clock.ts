import { Clock, systemClock } from '@hoi-thi/domain';

/** Injection token of the service's clock (`Clock` from @hoi-thi/domain); tests pass `fixedClock(...)`. */
export const CLOCK = Symbol('exam-session:CLOCK');
export { systemClock };
export type { Clock };
