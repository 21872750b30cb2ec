import { appendFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The contract check (docs/adr/0004-typed-contract.md), on in the int, e2e and browser suites: every JSON answer
 * of an /api route is validated against the OpenAPI document's schema for its route, method and status, with
 * every object closed (a field the document does not name is an error, though the published document leaves
 * objects open for clients). A violation replaces the answer with a 500 `contract.violation` naming what is wrong,
 * so the test that made the request fails where it stands, and is appended to CONTRACT_REPORT if set.
 *
 * `contracted` checks the operations that document a schema for a 2xx answer; `strict` checks every /api route
 * (an undocumented route or status is a violation too).
 */
export type ContractMode = 'off' | 'contracted' | 'strict';

interface Violation {
  method: string;
  route: string;
  status: number;
  problem: string;
}

type ResponseDoc = { content?: Record<string, { schema?: unknown }> };
type OperationDoc = { responses?: Record<string, ResponseDoc> };

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The document with every object schema closed (`additionalProperties: false` unless it says otherwise). */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' || k === 'patternProperties' ? mapValues(v, closed) : closed(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
const mapValues = (o: unknown, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).map(([k, v]) => [k, f(v)]));

export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly doc: OpenAPIObject,
    private readonly mode: ContractMode,
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', ...(closed(doc) as object) });
  }

  private operation(route: string, method: string): OperationDoc | undefined {
    const item = this.doc.paths?.[route] as Record<string, OperationDoc> | undefined;
    return item?.[method.toLowerCase()];
  }

  private contracted(op: OperationDoc): boolean {
    return Object.entries(op.responses ?? {}).some(([s, r]) => Number(s) < 300 && Object.values(r.content ?? {}).some((c) => c.schema));
  }

  /** null when the answer keeps the contract, else what is wrong with it. */
  check(method: string, fastifyUrl: string, status: number, contentType: string | undefined, body: string | undefined): string | null {
    if (this.mode === 'off' || !fastifyUrl.startsWith('/api/') || fastifyUrl.startsWith('/api/docs')) return null;
    const route = fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = this.operation(route, method);
    if (!op) return this.mode === 'strict' ? `${method} ${route} is not in the OpenAPI document` : null;
    if (this.mode === 'contracted' && !this.contracted(op)) return null;
    const key = op.responses?.[String(status)] ? String(status) : op.responses?.default ? 'default' : null;
    if (!key) return `status ${status} is not documented for ${method} ${route} (documented: ${Object.keys(op.responses ?? {}).join(', ')})`;
    const media = (contentType ?? '').split(';')[0].trim();
    const content = op.responses![key].content ?? {};
    if (!body || !media.endsWith('json')) return null;
    const entry = content[media] ?? (media === 'application/problem+json' ? undefined : content['application/json']);
    if (!entry?.schema) return `a ${media} body is not documented for ${status} of ${method} ${route}`;
    const id = `${method} ${route} ${key} ${media}`;
    let validate = this.validators.get(id);
    if (validate === undefined) {
      const pointer = `openapi.json#/paths/${escapePointer(route)}/${method.toLowerCase()}/responses/${key}/content/${escapePointer(media)}/schema`;
      validate = this.ajv.compile({ $ref: pointer });
      this.validators.set(id, validate);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `the ${media} body is not JSON`;
    }
    if (validate!(parsed)) return null;
    return this.ajv.errorsText(validate!.errors, { dataVar: 'body', separator: '; ' });
  }
}

/** Installs the check as Fastify's last onSend hook; `doc` is read at the first answer (Nest builds it after the routes). */
export function installContractCheck(fastify: FastifyInstance, mode: ContractMode, doc: () => OpenAPIObject | undefined, report?: string): void {
  if (mode === 'off') return;
  let checker: ContractChecker | undefined;
  fastify.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, p?: unknown) => void) => {
    const d = doc();
    if (!d) return done(null, payload);
    checker ??= new ContractChecker(d, mode);
    const url = req.routeOptions?.url;
    if (!url || (typeof payload !== 'string' && payload !== undefined && payload !== null)) return done(null, payload);
    const problem = checker.check(
      req.method,
      url,
      reply.statusCode,
      reply.getHeader('content-type') as string | undefined,
      (payload as string | undefined) ?? undefined,
    );
    if (!problem) return done(null, payload);
    const violation: Violation = { method: req.method, route: url, status: reply.statusCode, problem };
    if (report) appendFileSync(report, `${JSON.stringify(violation)}\n`);
    reply.code(500).header('content-type', 'application/problem+json; charset=utf-8');
    done(
      null,
      JSON.stringify({
        type: 'https://hoithi.dev/problems/contract.violation',
        title: 'Contract violation',
        status: 500,
        code: 'contract.violation',
        detail: `${req.method} ${url} → ${violation.status}: ${problem}`,
      }),
    );
  });
}
