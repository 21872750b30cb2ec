import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../errors/error-catalog';
import { ProblemException } from '../errors/problem.exception';
import { findUnstorableText } from '../http/json-body';
import { DtoClass, findOversized } from './bounds';

/** Flattens class-validator's tree into `{field: 'a.b[0].c', constraint, message}` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) out.push({ field, constraint, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Throws the usual 400 when `value` has an array or string longer than `cls` declares (before any per-item rule runs). */
export function refuseOversized(cls: DtoClass, value: unknown): void {
  const bad = findOversized(cls, value);
  if (bad) throw new ProblemException('validation.failed', [bad]);
}

/**
 * Query strings and path parameters skip the JSON body parser's text check, and PostgreSQL refuses a NUL in text
 * (a 500 from deep inside a query): the same 400 request.invalid-text here, naming the parameter.
 */
function refuseUnstorableText(value: unknown, name: string | undefined): void {
  const bad = findUnstorableText(value, name ?? '');
  if (bad !== null) throw new ProblemException('request.invalid-text', [{ field: bad, constraint: 'custom', message: 'request.invalid-text' }]);
}

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

/** ValidationPipe with the size bounds checked first (see findOversized): a huge array costs its length, not its items. */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' || metadata.type === 'param') refuseUnstorableText(value, metadata.data);
    const cls = metadata.metatype;
    if (cls && !PRIMITIVES.includes(cls) && metadata.type !== 'custom') {
      // An array where a DTO (an object) is declared: class-transformer and class-validator would take each index for
      // an unknown property and report every one — 140,000 elements held the event loop ~0.4 s (npm run security).
      if (Array.isArray(value)) throw new ProblemException('validation.failed', [{ field: '', constraint: 'isObject', message: 'must be an object' }]);
      refuseOversized(cls as DtoClass, value);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: sizes bounded first, unknown properties refused (mass assignment), types converted, every field reported. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemException('validation.failed', flattenValidationErrors(errors)),
  });
}
