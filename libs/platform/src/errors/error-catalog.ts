/**
 * Every error code a service can answer, with its HTTP status and its message in Vietnamese (first) and
 * English. Each app declares its codes as a `Record<Code, ErrorSpec>` (so the compiler asks for a status and
 * both messages for every new code) and registers the table at load time.
 */
export interface ErrorSpec {
  status: number;
  vi: string;
  en: string;
}
export type ErrorTable<C extends string = string> = Record<C, ErrorSpec>;

const registry = new Map<string, ErrorSpec>();

export function registerErrors<C extends string>(table: ErrorTable<C>): ErrorTable<C> {
  for (const [code, spec] of Object.entries(table) as [string, ErrorSpec][]) registry.set(code, spec);
  return table;
}

export function errorSpec(code: string): ErrorSpec | undefined {
  return registry.get(code);
}

export type Lang = 'vi' | 'en';

/** Vietnamese unless the client asks for English first. */
export function pickLang(acceptLanguage: string | string[] | undefined): Lang {
  const v = Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage;
  return v && /^\s*en\b/i.test(v) ? 'en' : 'vi';
}

export const PLATFORM_ERRORS = registerErrors({
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
});

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
}

export function localizeFieldError(e: FieldError, lang: Lang): string {
  const spec = errorSpec(e.message);
  if (spec) return spec[lang];
  const generic = CONSTRAINT_MESSAGES[e.constraint];
  if (generic) {
    const n = /(-?\d+(?:\.\d+)?)/.exec(e.message)?.[1] ?? '';
    return generic[lang].replace('{n}', n);
  }
  return e.message;
}
