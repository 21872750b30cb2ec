import type { FieldError, PlatformErrorCode } from './error-catalog';

/**
 * An error that already knows its code (and so its status and messages), with optional field errors. The code is
 * one of the platform's unless the type says otherwise: a service throws its own codes through its catalogue
 * (`defineErrors(...).error` / `.field`), which is the only place that names its code type here.
 */
export class ProblemException<C extends string = PlatformErrorCode> extends Error {
  public readonly code: string;

  constructor(
    code: NoInfer<C>,
    public readonly fieldErrors?: FieldError[],
    public readonly headers?: Record<string, string>,
    public readonly statusOverride?: number,
  ) {
    super(code);
    this.code = code;
  }
}
