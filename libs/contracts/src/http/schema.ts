/**
 * The building blocks of the HTTP contract (docs/adr/0004-typed-contract.md). Each request and response shape
 * is a TypeBox schema: one declaration that is both the JSON Schema the OpenAPI document carries (and the
 * contract check validates every test response against) and, through `Static`, the TypeScript type the
 * controllers return and the web client imports (type-only, so no bytes reach the browser).
 */
import { Type, type Static, type TObject, type TProperties, type TSchema, type ObjectOptions, type SchemaOptions } from '@sinclair/typebox';

export { Type };
export type { Static, TSchema };

/** A named, versioned contract: `name` (e.g. `UserV1`) becomes its `$id` and its name in the OpenAPI components. */
export function named<T extends TSchema>(name: string, schema: T): T {
  if (!/^[A-Z][A-Za-z0-9]*V\d+$/.test(name)) throw new Error(`contract name ${name}: PascalCase ending in V<version>`);
  return { ...schema, $id: name };
}

/** An object contract. Documented objects are open (a client tolerates a field added later); the contract check closes them. */
export function Obj<P extends TProperties>(properties: P, options?: ObjectOptions): TObject<P> {
  return Type.Object(properties, options);
}

/** `T | null`: a field that is always present, sometimes empty. */
export const Nullable = <T extends TSchema>(schema: T, options?: SchemaOptions) => Type.Union([schema, Type.Null()], options);

/** An ISO 8601 instant with its offset (`2026-07-01T10:00:00.000Z`). */
export const Instant = (options?: SchemaOptions) => Type.String({ format: 'date-time', ...options });
/** A calendar date, `YYYY-MM-DD`. */
export const DateOnly = (options?: SchemaOptions) => Type.String({ format: 'date', ...options });
export const Uuid = (options?: SchemaOptions) => Type.String({ format: 'uuid', ...options });

/**
 * The one list envelope of the API: a page of `items` and the opaque cursor of the next page (`null` on the last).
 * Paging is by keyset cursor everywhere (docs/adr/0004-typed-contract.md): stable under inserts, cheap at any depth.
 */
export function PageOf<T extends TSchema>(item: T) {
  return Obj({
    items: Type.Array(item),
    nextCursor: Nullable(Type.String({ description: 'pass as `cursor` for the next page; null on the last page' })),
  });
}
/** The page shape as a type: `PageV1<UserV1>`. */
export interface PageV1<T> {
  items: T[];
  nextCursor: string | null;
}

/** The query of every paged list: `limit` (1–200, default 50) and the `cursor` of the previous page. */
export interface PageQueryV1 {
  limit?: number;
  cursor?: string;
}

/** One of a list of strings, documented as a JSON Schema `enum` (the type is the union of the literals). */
export function OneOf<const T extends readonly string[]>(values: T, options?: SchemaOptions) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
