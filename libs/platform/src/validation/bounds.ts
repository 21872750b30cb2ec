// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a declaration of an untyped deep import, needed by every program that includes this file (apps/web too)
/// <reference path="./class-transformer-storage.d.ts" />
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { FieldError } from '../errors/error-catalog';

interface Bounds {
  maxItems?: number;
  maxItemsMessage?: string;
  maxLength?: number;
  maxLengthMessage?: string;
  eachMaxLength?: number;
  eachMaxLengthMessage?: string;
  nested?: () => DtoClass;
}

/** A DTO class (what class-validator and class-transformer key their metadata by). */
export type DtoClass = abstract new (...args: never[]) => unknown;

const cache = new WeakMap<DtoClass, Map<string, Bounds>>();

function messageKey(message: unknown): string | undefined {
  return typeof message === 'string' && !message.includes('$') ? message : undefined;
}

/** The ArrayMaxSize / MaxLength bounds and nested types a DTO declares, read once from the decorators' metadata. */
function boundsOf(cls: DtoClass): Map<string, Bounds> {
  const known = cache.get(cls);
  if (known) return known;
  const out = new Map<string, Bounds>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const b = out.get(m.propertyName) ?? {};
    const n = Number(m.constraints?.[0]);
    if (m.name === 'arrayMaxSize') {
      b.maxItems = n;
      b.maxItemsMessage = messageKey(m.message);
    } else if (m.name === 'maxLength' && m.each) {
      b.eachMaxLength = n;
      b.eachMaxLengthMessage = messageKey(m.message);
    } else if (m.name === 'maxLength') {
      b.maxLength = n;
      b.maxLengthMessage = messageKey(m.message);
    } else if (m.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName);
      if (type) b.nested = type.typeFunction as () => DtoClass;
    }
    out.set(m.propertyName, b);
  }
  cache.set(cls, out);
  return out;
}

const tooMany = (field: string, n: number, key?: string): FieldError => ({
  field,
  constraint: 'arrayMaxSize',
  message: key ?? `must contain no more than ${n} elements`,
});
const tooLong = (field: string, n: number, key?: string): FieldError => ({
  field,
  constraint: 'maxLength',
  message: key ?? `must be shorter than or equal to ${n} characters`,
});

/**
 * The declared size bounds of `cls` checked on the plain `value` before class-validator sees it: class-validator
 * runs every decorator of a property, so `@ArrayUnique` (quadratic) and each `{ each: true }` rule would walk a
 * 40,000-item array even though `@ArrayMaxSize(16)` refuses it. Here an array's length is read before any element,
 * and a string's length before its content. Returns the first oversized field (class-validator reports the rest).
 */
export function findOversized(cls: DtoClass, value: unknown, path = '', depth = 0): FieldError | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 8) return null;
  const record = value as Record<string, unknown>;
  for (const [prop, b] of boundsOf(cls)) {
    if (!Object.prototype.hasOwnProperty.call(record, prop)) continue;
    const v = record[prop];
    const field = path ? `${path}.${prop}` : prop;
    if (Array.isArray(v)) {
      if (b.maxItems !== undefined && v.length > b.maxItems) return tooMany(field, b.maxItems, b.maxItemsMessage);
      if (b.eachMaxLength === undefined && !b.nested) continue;
      for (let i = 0; i < v.length; i += 1) {
        const item: unknown = v[i];
        if (b.eachMaxLength !== undefined && typeof item === 'string' && item.length > b.eachMaxLength)
          return tooLong(`${field}[${i}]`, b.eachMaxLength, b.eachMaxLengthMessage);
        if (b.nested) {
          const bad = findOversized(b.nested(), item, `${field}[${i}]`, depth + 1);
          if (bad) return bad;
        }
      }
    } else if (typeof v === 'string') {
      if (b.maxLength !== undefined && v.length > b.maxLength) return tooLong(field, b.maxLength, b.maxLengthMessage);
    } else if (b.nested) {
      const bad = findOversized(b.nested(), v, field, depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}
