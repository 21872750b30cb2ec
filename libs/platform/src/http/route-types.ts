/**
 * The web client's route table, written from the OpenAPI document (docs/adr/0004-typed-contract.md): for every
 * operation, its path parameters, query, request body and answer, each named by the contract type that
 * libs/contracts exports under the component's name. The document says which contract a route answers; the
 * contract's TypeScript type comes from libs/contracts itself (type-only imports: no bytes in the browser). The
 * module is written by `npm run openapi` beside docs/openapi.json and checked for drift with it.
 */

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  format?: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiLike {
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** What one operation of the table holds, as TypeScript source. */
export interface RouteTypeEntry {
  key: string;
  path: string;
  query: string;
  body: string;
  response: string;
  /** The answer is not a named contract (prose, an inline schema, a class-described DTO). */
  untyped: boolean;
}

function quote(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A parameter's TypeScript type: its enum as a union of literals, else by its JSON type. */
function scalar(schema: Schema | undefined): string {
  if (schema?.enum?.length) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return `${scalar(schema?.items)}[]`;
  return 'string';
}

function contractOf(schema: Schema | undefined, isContract: (name: string) => boolean): string | null {
  const ref = schema?.$ref?.replace('#/components/schemas/', '');
  if (ref && isContract(ref)) return `C.${ref}`;
  if (schema?.type === 'array' && schema.items?.$ref) {
    const item = contractOf(schema.items, isContract);
    return item ? `${item}[]` : null;
  }
  return null;
}

export function routeTypeEntries(doc: OpenApiLike, isContract: (name: string) => boolean): RouteTypeEntry[] {
  const out: RouteTypeEntry[] = [];
  for (const path of Object.keys(doc.paths ?? {}).sort()) {
    const item = doc.paths![path];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const fields = (where: string) =>
        params
          .filter((p) => p.in === where)
          .map((p) => `${quote(p.name)}${p.required || where === 'path' ? '' : '?'}: ${scalar(p.schema)}`)
          .join('; ');
      // From the template itself, so that a path parameter the document forgot to declare is still required.
      const pathFields = [...path.matchAll(/\{(\w+)\}/g)]
        .map(([, name]) => `${quote(name)}: ${scalar(params.find((p) => p.in === 'path' && p.name === name)?.schema)}`)
        .join('; ');
      const queryFields = fields('query');
      const json = op.requestBody?.content?.['application/json']?.schema;
      const form = op.requestBody?.content?.['multipart/form-data'];
      const body = !op.requestBody ? 'undefined' : form ? 'FormData' : (contractOf(json, isContract) ?? 'Record<string, unknown>');
      const ok = Object.entries(op.responses ?? {})
        .filter(([status]) => /^2\d\d$/.test(status))
        .sort(([a], [b]) => a.localeCompare(b))[0];
      let response = 'void';
      let untyped = false;
      if (ok) {
        const [status, res] = ok;
        const content = res.content ?? {};
        const jsonSchema = content['application/json']?.schema;
        if (status === '204' || Object.keys(content).length === 0) response = status === '204' ? 'void' : 'unknown';
        else if (!content['application/json']) response = 'Blob';
        else response = contractOf(jsonSchema, isContract) ?? 'unknown';
        untyped = response === 'unknown';
      }
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        path: pathFields ? `{ ${pathFields} }` : 'Record<string, never>',
        query: queryFields ? `{ ${queryFields} }` : 'Record<string, never>',
        body,
        response,
        untyped,
      });
    }
  }
  return out;
}

/** The TypeScript module (apps/web/src/lib/routes.gen.ts). */
export function routeTypesModule(doc: OpenApiLike, isContract: (name: string) => boolean): string {
  const entries = routeTypeEntries(doc, isContract);
  const lines = entries.map((e) => `  ${JSON.stringify(e.key)}: { path: ${e.path}; query: ${e.query}; body: ${e.body}; response: ${e.response} };`);
  const usesContracts = entries.some((e) => /\bC\./.test(`${e.body} ${e.response}`));
  return [
    '/* Written by `npm run openapi` from the OpenAPI document (libs/platform/src/http/route-types.ts): do not edit. */',
    ...(usesContracts ? ["import type * as C from '@hoi-thi/contracts';", ''] : ['']),
    '/** Every operation of the API: its path parameters, query, request body and answer. */',
    'export interface ApiRoutes {',
    ...lines,
    '}',
    '',
    `/** The operations whose answer is not a named contract yet (${entries.filter((e) => e.untyped).length}). */`,
    `export type UntypedRoute = ${
      entries
        .filter((e) => e.untyped)
        .map((e) => JSON.stringify(e.key))
        .join(' | ') || 'never'
    };`,
    '',
  ].join('\n');
}
