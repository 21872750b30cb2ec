import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as contracts from '@hoi-thi/contracts';
import { routeTypesModule } from '@hoi-thi/platform/http/route-types';
import { createTestApp } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../src/services';

const FILE = resolve(__dirname, '../../../../docs/openapi.json');
const ROUTES_FILE = resolve(__dirname, '../../../web/src/lib/routes.gen.ts');
/** A component is a contract when libs/contracts exports a schema of that name (its type has the same name). */
const exported = contracts as unknown as Record<string, { $id?: unknown } | undefined>;
const isContract = (name: string) => typeof exported[name] === 'object' && exported[name]?.$id === name;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** The document with its paths and components in name order, so that the committed file changes only when the API does. */
function canonical(doc: Record<string, unknown>): string {
  const sorted = (o: Record<string, unknown> = {}) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  const components = doc.components as Record<string, Record<string, unknown>>;
  const out = { ...doc, paths: sorted(doc.paths as Record<string, unknown>), components: { ...components, schemas: sorted(components.schemas) } };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * docs/openapi.json is the API's published contract (docs/adr/0004-typed-contract.md): `npm run openapi` writes it
 * (OPENAPI_WRITE=1), and `npm test` fails when the code's document and the committed file differ.
 */
describe("docs/openapi.json and the web client's route table", () => {
  let app: NestFastifyApplication;
  let text: string;
  beforeAll(async () => {
    app = await createTestApp(ALL_SERVICES);
    text = canonical((await app.inject({ method: 'GET', url: '/api/docs/json' })).json());
  });
  afterAll(() => app.close());

  it('is the document the code serves (run `npm run openapi` after changing a route or a contract)', () => {
    const doc = JSON.parse(text) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ id: `${m.toUpperCase()} ${path}`, op: item[m] })),
    );
    // Typed: a 2xx answer with a schema, or only 204 (no body to describe).
    const typed = ops.filter(({ op }) => {
      const ok = Object.entries(op.responses ?? {}).filter(([s]) => Number(s) < 300);
      return ok.some(([, r]) => Object.values(r.content ?? {}).some((c) => c.schema)) || (ok.length > 0 && ok.every(([s]) => s === '204'));
    });
    const routes = routeTypesModule(doc as never, isContract);
    if (process.env.OPENAPI_WRITE) {
      writeFileSync(FILE, text);
      writeFileSync(ROUTES_FILE, routes);
      const untyped = ops.filter((o) => !typed.includes(o)).map((o) => o.id);
      process.stdout.write(
        `» docs/openapi.json: ${ops.length} operations, ${typed.length} with a response schema or none to have (204)${untyped.length ? `; without one:\n  ${untyped.join('\n  ')}` : ''}\n`,
      );
    }
    expect(ops.length).toBeGreaterThan(60);
    // Every operation answers a contract (ADR 0004): the suites check answers in strict mode.
    expect(ops.filter((o) => !typed.includes(o)).map((o) => o.id)).toEqual([]);
    expect(text === readFileSync(FILE, 'utf8') ? 'the same' : 'docs/openapi.json is stale: run `npm run openapi`').toBe('the same');
    expect(routes === readFileSync(ROUTES_FILE, 'utf8') ? 'the same' : 'apps/web/src/lib/routes.gen.ts is stale: run `npm run openapi`').toBe('the same');
  });
});
