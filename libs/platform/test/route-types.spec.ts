import { routeTypeEntries, routeTypesModule } from '../src/http/route-types';

const doc = {
  paths: {
    '/api/rounds/{roundId}': {
      get: {
        parameters: [
          { name: 'roundId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'view', in: 'query', schema: { type: 'string', enum: ['judge', 'public'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/RoundV1' } } } }, '404': {} },
      },
      patch: {
        parameters: [{ name: 'roundId', in: 'path', required: true }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/RoundPatchV1' } } } },
        responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/api/banks/{bankId}/import': {
      post: {
        requestBody: { content: { 'multipart/form-data': {} } },
        responses: { '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportReport' } } } } },
      },
    },
    '/api/rounds/{roundId}/results': { get: { responses: { '200': { content: { 'text/csv': {} } } } } },
    '/api/auth/logout': { post: { responses: { '204': {} } } },
  },
};
const contracts = new Set(['RoundV1', 'RoundPatchV1']);

describe('the web client’s route table, from the OpenAPI document', () => {
  const byKey = Object.fromEntries(routeTypeEntries(doc, (n) => contracts.has(n)).map((e) => [e.key, e]));

  it('types path parameters, the query (enums as literals, integers as numbers), the body and the answer by contract', () => {
    expect(byKey['GET /api/rounds/{roundId}']).toEqual({
      key: 'GET /api/rounds/{roundId}',
      path: '{ roundId: string }',
      query: '{ view?: "judge" | "public"; limit?: number }',
      body: 'undefined',
      response: 'C.RoundV1',
      untyped: false,
    });
    expect(byKey['PATCH /api/rounds/{roundId}']).toMatchObject({ body: 'C.RoundPatchV1', response: 'unknown', untyped: true });
  });

  it('a component that libs/contracts does not export is not a contract; files are Blobs, multipart bodies FormData, 204 void', () => {
    expect(byKey['POST /api/banks/{bankId}/import']).toMatchObject({ path: '{ bankId: string }', body: 'FormData', response: 'unknown', untyped: true });
    expect(byKey['GET /api/rounds/{roundId}/results']).toMatchObject({ response: 'Blob', untyped: false });
    expect(byKey['POST /api/auth/logout']).toMatchObject({ path: 'Record<string, never>', response: 'void', untyped: false });
  });

  it('writes a module that imports the contracts as types and lists the untyped operations', () => {
    const text = routeTypesModule(doc, (n) => contracts.has(n));
    expect(text).toContain("import type * as C from '@hoi-thi/contracts';");
    expect(text).toContain(
      '"GET /api/rounds/{roundId}": { path: { roundId: string }; query: { view?: "judge" | "public"; limit?: number }; body: undefined; response: C.RoundV1 };',
    );
    expect(text).toContain('export type UntypedRoute = "POST /api/banks/{bankId}/import" | "PATCH /api/rounds/{roundId}";');
  });
});
