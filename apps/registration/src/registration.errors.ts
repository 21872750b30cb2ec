import { defineErrors, ErrorCodeOf } from '@hoi-thi/platform';
import { AUTH_ERRORS } from './auth/auth.errors';
import { GEO_ERRORS } from './geo/geo.errors';
import { UNITS_ERRORS } from './units/units.errors';
import { USER_FIELD_ERRORS, USERS_ERRORS } from './users/users.errors';

/**
 * Every code registration answers, from its features' tables, carried by `REGISTRATION_SERVICE.errors`. Throw
 * them with `registrationError(code)` / `registrationFieldError(field, key)`; a code no table declares does not
 * compile.
 */
export const REGISTRATION_ERRORS = defineErrors(AUTH_ERRORS, USER_FIELD_ERRORS, USERS_ERRORS, UNITS_ERRORS, GEO_ERRORS);
export type RegistrationErrorCode = ErrorCodeOf<typeof REGISTRATION_ERRORS>;
export const { error: registrationError, field: registrationFieldError, fieldError: registrationFieldErrorOf } = REGISTRATION_ERRORS;
