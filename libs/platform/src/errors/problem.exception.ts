import { FieldError } from './error-catalog';

/** An error that already knows its code (and so its status and messages), with optional field errors. */
export class ProblemException extends Error {
  constructor(
    public readonly code: string,
    public readonly fieldErrors?: FieldError[],
    public readonly headers?: Record<string, string>,
    public readonly statusOverride?: number,
  ) {
    super(code);
  }
}

/** A 400 naming one field, with a catalog key as message. */
export function fieldProblem(field: string, messageKey: string, code = 'validation.failed'): ProblemException {
  return new ProblemException(code, [{ field, constraint: 'custom', message: messageKey }]);
}
