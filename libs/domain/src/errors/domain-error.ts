/**
 * Codes thrown by `@hoi-thi/domain`, and only these: a service's own codes live in its catalogue
 * (libs/platform `defineErrors`). libs/platform's `DOMAIN_ERRORS` is a `Record<DomainErrorCode, ErrorSpec>` giving
 * each its HTTP status and both messages, so a code added here without them does not compile.
 */
export const DOMAIN_ERROR_CODES = [
  'ranking.score-out-of-range',
  'ranking.invalid-entry',
  'ranking.invalid-prediction',
  'ranking.invalid-rule',
  'ranking.true-value-missing',
  'ranking.invalid-stats',
  'blueprint.cell-short',
  'blueprint.invalid-cell',
  'drawing.invalid-pool',
  'drawing.invalid-seed',
  'scoring.invalid-question',
  'scoring.invalid-answer',
  'timing.invalid-time',
  'timing.invalid-time-limit',
  'timing.invalid-grace',
  'timing.invalid-window',
  'timing.round-closed',
  'timing.invalid-duration',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A broken business rule. `code` is stable and machine-readable; `message` is for logs. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    public readonly code: DomainErrorCode,
    message?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** True for a DomainError (optionally with the given code), also across realms/bundles. */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  const candidate =
    error instanceof DomainError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'DomainError' &&
      typeof (error as { code?: unknown }).code === 'string');
  return candidate && (code === undefined || (error as DomainError).code === code);
}
