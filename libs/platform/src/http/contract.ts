import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { ProblemV1 } from '@hoi-thi/contracts';

/**
 * The HTTP contract's server side (docs/adr/0004-typed-contract.md): the named TypeBox schemas of libs/contracts
 * become the OpenAPI document's components, routes name them with @Returns / @Accepts (or, for hot routes, in
 * their registered path item through `contractRef`), and every error response is a ProblemV1.
 */

const registry = new Map<string, TSchema>();

function nameOf(schema: TSchema): string {
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id !== 'string') throw new Error('a contract schema needs a name: wrap it in named()');
  return id;
}

/** Records `schema` (and, through the document, every named schema inside it) as a component; answers its $ref. */
export function contractRef(schema: TSchema): { $ref: string } {
  const name = nameOf(schema);
  const known = registry.get(name);
  if (known && known !== schema && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`two different contracts are named ${name}`);
  registry.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** The route answers `status` with a body of `schema` (application/json). */
export function Returns(schema: TSchema, opts: { status?: number; description?: string } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiResponse({ status: opts.status ?? 200, description: opts.description ?? '', schema: contractRef(schema) as never }));
}

/** The route's request body is `schema` (the DTO validating it is checked against the contract's type with `implements`). */
export function Accepts(schema: TSchema, opts: { description?: string } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBody({ description: opts.description, schema: contractRef(schema) as never }));
}

/** A JSON copy of `schema` whose nested named schemas are $refs, collecting them into `found`. */
function toComponent(schema: TSchema, found: Map<string, TSchema>): Record<string, unknown> {
  const walk = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (!node || typeof node !== 'object') return node;
    const id = (node as { $id?: unknown }).$id;
    if (!root && typeof id === 'string') {
      if (!found.has(id)) found.set(id, node as TSchema);
      return { $ref: `#/components/schemas/${id}` };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== '$id') out[k] = walk(v, false);
    return out;
  };
  return walk(JSON.parse(JSON.stringify(schema)), true) as Record<string, unknown>;
}

type Operation = { responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> };

/**
 * Completes the document Nest built: OpenAPI 3.1 (JSON Schema 2020-12, which TypeBox speaks), every registered
 * contract and the contracts nested in them as components, and every error response described as ProblemV1.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  contractRef(ProblemV1);
  doc.openapi = '3.1.0';
  const schemas = ((doc.components ??= {}).schemas ??= {});
  const pending = new Map(registry);
  const done = new Set<string>();
  while (pending.size) {
    const [name, schema] = pending.entries().next().value as [string, TSchema];
    pending.delete(name);
    if (done.has(name)) continue;
    done.add(name);
    const found = new Map<string, TSchema>();
    schemas[name] = toComponent(schema, found) as never;
    for (const [n, s] of found) if (!done.has(n)) pending.set(n, s);
  }
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemV1' } } };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      for (const [status, text] of Object.entries(platformErrors(path, method, op))) op.responses[status] ??= { description: text };
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !response.content) response.content = problem;
      }
    }
  }
  return doc;
}

/**
 * The errors the platform itself may answer on a route, whatever the route does: a malformed request (400), an
 * unknown id in the path (404), a missing or insufficient token on a guarded route (401, 403), a body too large or
 * of the wrong type (413, 415), a dependency down (503). Every other error status a route answers (409, 422,
 * 429, …) is the route's to document, and the contract check refuses one that is not.
 */
function platformErrors(path: string, method: string, op: Operation & { security?: unknown[]; requestBody?: unknown }): Record<string, string> {
  const errors: Record<string, string> = {
    400: 'malformed request (problem+json naming each refused field)',
    503: 'a dependency is unavailable; retry after `Retry-After`',
  };
  if (path.includes('{')) errors[404] = 'no such resource (or not visible to the caller)';
  if (op.security?.length) Object.assign(errors, { 401: 'no valid access token', 403: 'the token’s roles do not allow this' });
  // Fastify reads (and may refuse) a body on any POST, PUT, PATCH or DELETE, whether the route declares one or not.
  if (op.requestBody || ['post', 'put', 'patch', 'delete'].includes(method))
    Object.assign(errors, { 413: 'body larger than the route accepts', 415: 'unsupported content type' });
  return errors;
}

/** The names of the registered contracts (for the coverage report of `npm run openapi`). */
export function registeredContracts(): string[] {
  return [...registry.keys()].sort();
}

/** The route may answer `status` with a problem (beyond the platform's own, see platformErrors): which codes, and when. */
export function Fails(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiResponse({ status, description, content: { 'application/problem+json': { schema: contractRef(ProblemV1) as never } } }));
}
