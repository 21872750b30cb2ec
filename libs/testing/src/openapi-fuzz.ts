import fc from 'fast-check';

/**
 * Hostile payloads generated from an OpenAPI document's schemas (fast-check arbitraries): shared by the fuzz
 * e2e test and the security sweep (`npm run security`), so both break the same contract in the same ways.
 */
export type Schema = {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minLength?: number;
  minimum?: number;
  minItems?: number;
};
export type Parameter = { name: string; in: string; schema?: Schema };
export type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

export const hostileStrings = fc.constantFrom(
  '',
  ' ',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x","y")',
  '\u0000',
  '../../../../etc/passwd',
  '𝕏'.repeat(300),
  'a'.repeat(20000),
  'NaN',
  '-1',
  '1e309',
  '{"$gt":""}',
  'Nguyễn Văn A',
  '0912345678',
  'null',
);
export const massAssignment = fc.dictionary(
  fc.constantFrom('role', 'roles', 'score', 'points', 'correct', 'status', 'userId', 'contestantId', 'id', 'isAdmin', 'submittedAt', 'deadline', 'constructor'),
  fc.oneof(fc.constant('admin'), fc.constant(['admin']), fc.integer(), fc.constant(true), fc.uuid(), fc.constant({ prototype: { polluted: true } })),
  { maxKeys: 3 },
);
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 50 }),
  hostileStrings,
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 5 }),
  fc.object({ maxDepth: 2, maxKeys: 4 }),
);

/** The schema a `$ref` (or an `allOf`) stands for. */
export function resolveRef(doc: Pick<OpenApiDocument, 'components'>, s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; i < 10 && cur.$ref; i++) cur = doc.components?.schemas?.[cur.$ref.split('/').pop()!] ?? {};
  if (cur.allOf?.length) cur = Object.assign({}, ...cur.allOf.map((x) => resolveRef(doc, x)));
  return cur;
}

/** A plausible value for a schema, with a fair chance of being wrong in some way. */
export function fromSchema(doc: Pick<OpenApiDocument, 'components'>, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveRef(doc, schema);
  const plausible: fc.Arbitrary<unknown> = (() => {
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return fc.uuid();
        if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
        if (s.format === 'email') return fc.emailAddress();
        return fc.oneof(fc.string({ maxLength: 40 }), hostileStrings);
      case 'integer':
        return fc.integer({ min: -5, max: 1_000_000 });
      case 'number':
        return fc.oneof(fc.double({ noNaN: true }), fc.integer());
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(fromSchema(doc, s.items, depth + 1), { maxLength: 4 });
      case 'object':
      default: {
        if (depth > 3 || !s.properties) return fc.object({ maxDepth: 1, maxKeys: 3 });
        const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(doc, v, depth + 1)]));
        return fc.tuple(fc.record(props, { requiredKeys: [] }), massAssignment, fc.boolean()).map(([obj, extra, pollute]) => {
          const out: Record<string, unknown> = { ...obj };
          if (depth === 0) Object.assign(out, extra);
          if (pollute) Object.defineProperty(out, '__proto__', { value: { polluted: true }, enumerable: true });
          return out;
        });
      }
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: junk });
}

export const oddParam = fc.oneof(fc.uuid(), fc.constantFrom('abc', '-1', '0', '%00', '..%2F..%2Fetc', 'x'.repeat(150), 'null'));
