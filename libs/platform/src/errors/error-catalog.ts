import { ProblemException } from './problem.exception';
import { DOMAIN_ERRORS } from './domain-errors';

/**
 * Every error code a service can answer, with its HTTP status and its message in Vietnamese (first) and
 * English. A service declares its codes once with `defineErrors` (one catalogue, carried by its
 * `ServiceDefinition.errors`); `createPlatformApp` registers the catalogues of the services it hosts, next to the
 * platform's own codes and libs/domain's (`DOMAIN_ERRORS`), which are always there.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly vi: string;
  readonly en: string;
}
export type ErrorTable<C extends string = string> = Readonly<Record<C, ErrorSpec>>;

/** Codes the platform itself answers; any service may throw them through its catalogue too. */
export type PlatformErrorCode = keyof typeof PLATFORM_ERRORS;

/**
 * One service's codes and the only typed ways to throw them: `error(code)` and `field(name, key)` accept a code
 * of this catalogue (or one of the platform's), so a misspelled code is a compile error.
 */
export interface ErrorCatalog<C extends string = string> {
  readonly table: ErrorTable<C>;
  /** The exception for `code`: the filter answers it with the code's status and message. */
  readonly error: (code: C | PlatformErrorCode, fieldErrors?: FieldError[], headers?: Record<string, string>) => ProblemException;
  /** A problem naming one field (default code `validation.failed`), its message a key of this catalogue. */
  readonly field: (field: string, messageKey: C, code?: C | PlatformErrorCode, params?: FieldError['params']) => ProblemException;
  /** A field error for `error(code, [...])`: the field and a message key of this catalogue. */
  readonly fieldError: (field: string, messageKey: C, params?: FieldError['params']) => FieldError;
  /** The message of `code` in `lang`, for words that leave outside a problem (an import report's rows). */
  readonly message: (code: C, lang: Lang) => string;
}
export type ErrorCodeOf<T> = T extends ErrorCatalog<infer C> ? C : never;
/** Any service's catalogue, as the platform holds it (`ServiceDefinition.errors`): only its table matters there. */
export type AnyErrorCatalog = Pick<ErrorCatalog, 'table'>;

type CodesOf<T> = T extends unknown ? keyof T & string : never;

/**
 * A service's catalogue from one table or from its features' tables (`{...} satisfies ErrorTable`): a code
 * declared twice is refused at load, so the union of codes is the service's whole set.
 */
export function defineErrors<const Ts extends readonly ErrorTable[]>(...tables: Ts): ErrorCatalog<CodesOf<Ts[number]>> {
  type C = CodesOf<Ts[number]>;
  const table = {} as Record<C, ErrorSpec>;
  for (const t of tables) {
    for (const [code, spec] of Object.entries(t) as [C, ErrorSpec][]) {
      if (code in table) throw new Error(`error code ${code} is declared twice`);
      table[code] = spec;
    }
  }
  const fieldError = (field: string, messageKey: C, params?: FieldError['params']): FieldError =>
    params ? { field, constraint: 'custom', message: messageKey, params } : { field, constraint: 'custom', message: messageKey };
  return {
    table,
    error: (code, fieldErrors, headers) => new ProblemException<C | PlatformErrorCode>(code, fieldErrors, headers),
    field: (field, messageKey, code = 'validation.failed', params) =>
      new ProblemException<C | PlatformErrorCode>(code, [fieldError(field, messageKey, params)]),
    fieldError,
    message: (code, lang) => table[code][lang],
  };
}

const registry = new Map<string, ErrorSpec>();

function register(table: ErrorTable): void {
  const entries = Object.entries(table);
  for (const [code, spec] of entries) {
    const known = registry.get(code);
    if (known && (known.status !== spec.status || known.vi !== spec.vi || known.en !== spec.en)) {
      throw new Error(`error code ${code} is declared by two catalogues with different statuses or messages`);
    }
  }
  for (const [code, spec] of entries) registry.set(code, spec);
}

/**
 * Makes the catalogues of the hosted services answerable (`createPlatformApp` calls it; a unit test that turns
 * a service's errors into problems may too). Registering a catalogue again is harmless; two catalogues giving
 * one code different statuses or messages stop the boot.
 */
export function registerErrorCatalogs(catalogs: readonly AnyErrorCatalog[]): void {
  for (const c of catalogs) register(c.table);
}

/** The status and messages of a registered code (the platform's, libs/domain's, or a hosted service's). */
export function errorSpec(code: string): ErrorSpec | undefined {
  return registry.get(code);
}

export type Lang = 'vi' | 'en';

/** Vietnamese unless the client asks for English first. */
export function pickLang(acceptLanguage: string | string[] | undefined): Lang {
  const v = Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage;
  return v && /^\s*en\b/i.test(v) ? 'en' : 'vi';
}

export const PLATFORM_ERRORS = {
  'validation.failed': { status: 400, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is invalid.' },
  'request.malformed': { status: 400, vi: 'Yêu cầu không đúng định dạng.', en: 'The request is malformed.' },
  'request.too-deep': { status: 400, vi: 'Dữ liệu lồng nhau quá nhiều tầng (tối đa 32).', en: 'The data is nested too deeply (at most 32 levels).' },
  'request.invalid-text': {
    status: 400,
    vi: 'Văn bản chứa ký tự không hợp lệ (ký tự NUL hoặc mã UTF-16 lẻ cặp).',
    en: 'The text contains an invalid character (NUL or an unpaired UTF-16 surrogate).',
  },
  'auth.unauthorized': { status: 401, vi: 'Bạn cần đăng nhập (thiếu hoặc sai mã truy cập).', en: 'Authentication required (missing or invalid token).' },
  'auth.forbidden': { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  'not-found': { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  'method-not-allowed': { status: 405, vi: 'Phương thức không được hỗ trợ.', en: 'Method not allowed.' },
  conflict: { status: 409, vi: 'Xung đột dữ liệu.', en: 'Conflict.' },
  'payload.too-large': { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'Payload too large.' },
  'media-type.unsupported': { status: 415, vi: 'Kiểu dữ liệu không được hỗ trợ.', en: 'Unsupported media type.' },
  'rate.limited': { status: 429, vi: 'Bạn thao tác quá nhanh, vui lòng thử lại sau.', en: 'Too many requests, try again later.' },
  internal: { status: 500, vi: 'Lỗi hệ thống, vui lòng thử lại sau.', en: 'Internal error, please try again later.' },
  'service.unavailable': { status: 503, vi: 'Hệ thống đang bận, vui lòng thử lại sau.', en: 'Service busy, please try again later.' },
} as const satisfies ErrorTable;

register(PLATFORM_ERRORS);
register(DOMAIN_ERRORS);

/** Generic messages for class-validator constraints; `{n}` is the number the rule carries. */
export const CONSTRAINT_MESSAGES: Record<string, { vi: string; en: string }> = {
  whitelistValidation: { vi: 'Trường này không được phép gửi lên.', en: 'This field is not allowed.' },
  isDefined: { vi: 'Không được để trống.', en: 'Is required.' },
  isNotEmpty: { vi: 'Không được để trống.', en: 'Must not be empty.' },
  isString: { vi: 'Phải là chuỗi ký tự.', en: 'Must be a string.' },
  isInt: { vi: 'Phải là số nguyên.', en: 'Must be an integer.' },
  isNumber: { vi: 'Phải là số.', en: 'Must be a number.' },
  isNumberString: { vi: 'Phải là số.', en: 'Must be a number.' },
  isBoolean: { vi: 'Phải là đúng/sai (true/false).', en: 'Must be a boolean.' },
  isEmail: { vi: 'Địa chỉ e-mail không hợp lệ.', en: 'Invalid e-mail address.' },
  isUUID: { vi: 'Mã định danh không hợp lệ.', en: 'Invalid id.' },
  isDateString: { vi: 'Ngày giờ không hợp lệ (ISO-8601).', en: 'Invalid date (ISO-8601).' },
  isISO8601: { vi: 'Ngày giờ không hợp lệ (ISO-8601).', en: 'Invalid date (ISO-8601).' },
  isDate: { vi: 'Ngày không hợp lệ.', en: 'Invalid date.' },
  isIn: { vi: 'Giá trị không nằm trong danh sách cho phép.', en: 'Value is not one of the allowed values.' },
  isEnum: { vi: 'Giá trị không nằm trong danh sách cho phép.', en: 'Value is not one of the allowed values.' },
  isArray: { vi: 'Phải là danh sách.', en: 'Must be an array.' },
  arrayMinSize: { vi: 'Danh sách phải có ít nhất {n} phần tử.', en: 'Must contain at least {n} items.' },
  arrayMaxSize: { vi: 'Danh sách có tối đa {n} phần tử.', en: 'Must contain at most {n} items.' },
  arrayUnique: { vi: 'Các phần tử không được trùng nhau.', en: 'Items must be unique.' },
  minLength: { vi: 'Phải có ít nhất {n} ký tự.', en: 'Must be at least {n} characters long.' },
  maxLength: { vi: 'Có tối đa {n} ký tự.', en: 'Must be at most {n} characters long.' },
  min: { vi: 'Không được nhỏ hơn {n}.', en: 'Must not be less than {n}.' },
  max: { vi: 'Không được lớn hơn {n}.', en: 'Must not be greater than {n}.' },
  matches: { vi: 'Không đúng định dạng.', en: 'Has the wrong format.' },
  isObject: { vi: 'Phải là một đối tượng.', en: 'Must be an object.' },
  nestedValidation: { vi: 'Dữ liệu lồng bên trong không hợp lệ.', en: 'Nested value is invalid.' },
  isUrl: { vi: 'Đường dẫn không hợp lệ.', en: 'Invalid URL.' },
  isPositive: { vi: 'Phải là số dương.', en: 'Must be positive.' },
};

/**
 * A field message as stored by the validation pipe: either a catalog key (DTOs set `message: 'user.phone.invalid'`)
 * or a class-validator constraint with its default English text (to read the number from).
 */
export interface FieldError {
  field: string;
  constraint: string;
  message: string;
  /** Values for the `{name}` placeholders of a catalog message. */
  params?: Readonly<Record<string, string | number>>;
}

export function localizeFieldError(e: FieldError, lang: Lang): string {
  const spec = errorSpec(e.message);
  if (spec) return e.params ? fillParams(spec[lang], e.params) : spec[lang];
  const generic = CONSTRAINT_MESSAGES[e.constraint];
  if (generic) {
    const n = /(-?\d+(?:\.\d+)?)/.exec(e.message)?.[1] ?? '';
    return generic[lang].replace('{n}', n);
  }
  return e.message;
}

function fillParams(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
