import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../errors/error-catalog';
import { ProblemException } from '../errors/problem.exception';

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

/** The global pipe: unknown properties refused (mass assignment), types converted, every field reported. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemException('validation.failed', flattenValidationErrors(errors)),
  });
}
