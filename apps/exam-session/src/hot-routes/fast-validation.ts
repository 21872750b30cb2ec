import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, ProblemException, refuseOversized } from '@hoi-thi/platform';

/**
 * The hot routes' validation: a compiled check first (no reflection, no allocation); when it refuses, class-validator
 * runs the DTO exactly as the global ValidationPipe would (sizes first, whitelist, forbidNonWhitelisted) and either accepts
 * (the fast check is allowed to be stricter) or throws the usual 400 with every field named.
 */
export function validateHot<T extends object>(cls: new () => T, body: unknown, fast: (b: unknown) => b is T): T {
  if (fast(body)) return body;
  refuseOversized(cls, body); // lengths before class-validator's per-item rules (@ArrayUnique is quadratic)
  const instance = plainToInstance(cls, typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length || Array.isArray(body) || (body !== undefined && body !== null && typeof body !== 'object')) {
    throw new ProblemException(
      'validation.failed',
      errors.length ? flattenValidationErrors(errors) : [{ field: 'body', constraint: 'isObject', message: 'body must be an object' }],
    );
  }
  return instance;
}
