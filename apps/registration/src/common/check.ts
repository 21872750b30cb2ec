import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import type { PlatformErrorCode } from '@hoi-thi/platform';
import type { RegistrationErrorCode } from '../registration.errors';

/**
 * One rule, one message: a class-validator constraint running `rule(value, dto)` and reporting the catalog key
 * `messageKey` (so each invalid field gets exactly one Vietnamese message). Runs on a missing value too, unless
 * the property is also `@IsOptional()`.
 */
export function Check(
  rule: (value: unknown, dto: Record<string, unknown>) => boolean,
  messageKey: RegistrationErrorCode | PlatformErrorCode,
  opts: ValidationOptions = {},
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'check',
      validator: { validate: (value: unknown, args?: ValidationArguments) => rule(value, (args?.object ?? {}) as Record<string, unknown>) },
    },
    { ...opts, message: messageKey },
  );
}
