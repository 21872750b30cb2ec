import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { ProblemException } from '../errors/problem.exception';

/** Objects and arrays inside one another: no DTO goes past 4, so 32 leaves room and keeps every walk shallow. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;

interface Scan {
  /** Set when the nesting passes MAX_JSON_DEPTH: the top-level key it happened under ('' for none). */
  tooDeepUnder?: string;
  /** A `\u` escape was seen: only these can make a NUL or a lone surrogate (the UTF-8 decoder turns bad bytes into U+FFFD). */
  escapes: boolean;
}

/**
 * One pass over the raw text, skipping string contents, counting brackets: JSON.parse itself takes any depth, but
 * the pipes and validators behind it recurse and overflow the stack (a 500) long before 10,000. Linear, no recursion.
 */
function scanJson(text: string, maxDepth: number): Scan {
  let depth = 0;
  let escapes = false;
  let lastTopKey = -1;
  let lastTopKeyEnd = -1;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i += 1; i < n; i += 1) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          i += 1;
          if (text.charCodeAt(i) === LETTER_U) escapes = true;
        }
      }
      if (depth === 1) {
        lastTopKey = start;
        lastTopKeyEnd = i;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) {
        let key = '';
        if (lastTopKey >= 0 && !/^\s*\[/.test(text)) {
          try {
            key = String(JSON.parse(text.slice(lastTopKey, lastTopKeyEnd + 1)));
          } catch {
            key = '';
          }
        }
        return { tooDeepUnder: key, escapes };
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return { escapes };
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** No NUL (PostgreSQL text refuses it) and no unpaired UTF-16 surrogate (not encodable as UTF-8). */
export function isStorableText(s: string): boolean {
  if (!SUSPECT.test(s)) return true;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** The path (`options[2].text`) of the first string or key that is not storable text; null when all are. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  // Depth is bounded by the scan before this runs, so the recursion is at most MAX_JSON_DEPTH deep.
  if (typeof value === 'string') return isStorableText(value) ? null : path || 'body';
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const bad = findUnstorableText(value[i], fieldPath(path, i));
      if (bad !== null) return bad;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    // eslint-disable-next-line no-control-regex -- the bad key is named with its NUL and surrogates replaced
    if (!isStorableText(key)) return fieldPath(path, key.replace(/[\u0000\ud800-\udfff]/g, '\ufffd'));
    const bad = findUnstorableText((value as Record<string, unknown>)[key], fieldPath(path, key));
    if (bad !== null) return bad;
  }
  return null;
}

/**
 * Fastify's JSON parsing (secure-json-parse: `__proto__` and `constructor.prototype` refused) behind the depth scan,
 * then one walk refusing NUL and lone surrogates in any string or key, naming the field: 400 problem+json either way,
 * never a 500 from deeper down. The walk runs only when the text has a `\u` escape (a hot save has none).
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const scan = scanJson(text, maxDepth);
  if (scan.tooDeepUnder !== undefined) {
    throw new ProblemException('request.too-deep', [{ field: scan.tooDeepUnder || 'body', constraint: 'custom', message: 'request.too-deep' }]);
  }
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new ProblemException('request.malformed');
  }
  if (scan.escapes) {
    const bad = findUnstorableText(value);
    if (bad !== null) throw new ProblemException('request.invalid-text', [{ field: bad, constraint: 'custom', message: 'request.invalid-text' }]);
  }
  return value;
}

/**
 * The `application/json` parser of every route — Nest's and the hot routes registered on Fastify directly — in place
 * of Nest's (which would otherwise replace Fastify's default at init). Limits stay per route (Fastify's bodyLimit).
 */
export function installJsonBodyParser(app: NestFastifyApplication): void {
  app.useBodyParser('application/json', {}, (_req: FastifyRequest, body: Buffer | string, done: (err: Error | null, value?: unknown) => void) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      // As Fastify's own parser: an empty body with a JSON content type is a client error.
      done(
        Object.assign(new Error('Body cannot be empty when content-type is set to application/json'), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }),
      );
      return;
    }
    try {
      done(null, parseJsonBody(text));
    } catch (e) {
      done(e as Error);
    }
  });
}
