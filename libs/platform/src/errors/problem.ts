import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProblemV1 } from '@hoi-thi/contracts';
import { errorSpec, FieldError, Lang, localizeFieldError } from './error-catalog';
import { ProblemException } from './problem.exception';

const HTTP_CODES: Record<number, string> = {
  400: 'request.malformed',
  401: 'auth.unauthorized',
  403: 'auth.forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload.too-large',
  415: 'media-type.unsupported',
  429: 'rate.limited',
  503: 'service.unavailable',
};

export interface ProblemResponse {
  status: number;
  body: ProblemV1;
  headers: Record<string, string>;
  /** Set for a 500: the error to log with `body.errorId`. */
  unexpected?: unknown;
}

/** Turns anything thrown into the problem+json answer, in the request's language. */
export function toProblem(err: unknown, lang: Lang): ProblemResponse {
  let code = 'internal';
  let status: number | undefined;
  let fieldErrors: FieldError[] | undefined;
  let headers: Record<string, string> = {};
  let detailOverride: string | undefined;
  let unexpected: unknown;

  if (err instanceof ProblemException) {
    code = err.code;
    fieldErrors = err.fieldErrors;
    headers = err.headers ?? {};
    status = err.statusOverride;
  } else if (isCodedError(err) && errorSpec(err.code)) {
    // DomainError(code, message) from libs/domain (DOMAIN_ERRORS), or any error carrying a registered code.
    code = err.code;
    const retry = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
    if (retry) headers['retry-after'] = String(retry);
  } else if (err instanceof HttpException) {
    status = err.getStatus();
    code = HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'request.malformed');
    if (status >= 500) unexpected = err;
  } else if (isFastifyError(err)) {
    status = err.statusCode;
    code = HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'request.malformed');
    if (status < 500) detailOverride = undefined;
    else unexpected = err;
  } else {
    unexpected = err;
  }

  if (!errorSpec(code)) {
    // A code no hosted catalogue declares (its service is not hosted here, or a typo forced past the types).
    code = 'internal';
    status = undefined;
    unexpected = err;
  }
  const spec = errorSpec(code)!;
  status = status ?? spec.status;
  const body: ProblemV1 = {
    type: `https://hoithi.dev/problems/${code}`,
    title: spec.en,
    status,
    detail: detailOverride ?? spec[lang],
    code,
  };
  if (fieldErrors?.length) body.errors = fieldErrors.map((f) => ({ field: f.field, message: localizeFieldError(f, lang) }));
  // A 500 is never the client's doing, whatever its code (`internal`, or a domain invariant such as
  // `ranking.invalid-stats`): log it under an id the answer shows. A 503 is an expected "try again".
  if (status === 500) {
    body.errorId = randomUUID();
    unexpected = unexpected ?? err;
  }
  return { status, body, headers, unexpected };
}

function isCodedError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

function isFastifyError(e: unknown): e is Error & { statusCode: number; code?: string } {
  return e instanceof Error && typeof (e as { statusCode?: unknown }).statusCode === 'number';
}
