import type { OpenAPIObject } from '@nestjs/swagger';
import { UserPageV1, UserV1 } from '@hoi-thi/contracts';
import { completeDocument, contractRef } from '../src/http/contract';
import { ContractChecker } from '../src/http/contract-check';

const user: UserV1 = {
  id: '7b0c1d9e-0000-4000-8000-000000000001',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1990-05-19',
  phone: '+84912345678',
  email: null,
  citizenIdLast3: null,
  hasCitizenId: false,
  provinceCode: '01',
  wardCode: '00004',
  unitId: null,
  category: 'party-member',
  roles: ['contestant'],
  disabled: false,
  createdAt: '2026-07-01T10:00:00.000Z',
};

/** A document as Nest builds it: one guarded route answering UserV1, one answering a page of them. */
function document(): OpenAPIObject {
  const ok = (schema: { $ref: string }) => ({ description: '', content: { 'application/json': { schema } } });
  return completeDocument({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/users/{id}': { get: { security: [{ bearer: [] }], responses: { 200: ok(contractRef(UserV1)) } } },
      '/api/users': { get: { responses: { 200: ok(contractRef(UserPageV1)) } } },
      '/api/prose': { get: { responses: { 200: { description: 'something' } } } },
    },
  } as unknown as OpenAPIObject);
}

describe('the contract check', () => {
  const sut = new ContractChecker(document(), 'contracted');
  const check = (route: string, status: number, body: unknown, type = 'application/json') => sut.check('GET', route, status, type, JSON.stringify(body));

  it('passes an answer that keeps the contract, nested contracts included', () => {
    expect(check('/api/users/:id', 200, user)).toBeNull();
    expect(check('/api/users', 200, { items: [user, user], nextCursor: null })).toBeNull();
  });

  it('fails a renamed field: the old name is missing and the new one is undocumented', () => {
    const { fullName, ...rest } = user;
    const problem = check('/api/users/:id', 200, { ...rest, name: fullName });
    expect(problem).toMatch(/must have required property 'fullName'/);
    expect(problem).toMatch(/must NOT have additional properties/);
  });

  it('fails a field of the wrong type or format, also inside a list envelope', () => {
    expect(check('/api/users/:id', 200, { ...user, createdAt: 'yesterday' })).toMatch(/createdAt must match format "date-time"/);
    expect(check('/api/users', 200, { items: [{ ...user, roles: ['king'] }], nextCursor: null })).toMatch(
      /roles\/0 must be equal to one of the allowed values/,
    );
    expect(check('/api/users', 200, { items: [user] })).toMatch(/nextCursor/);
  });

  it('fails an undocumented status, and checks documented errors as problem+json', () => {
    expect(check('/api/users/:id', 409, { code: 'x' }, 'application/problem+json')).toMatch(/status 409 is not documented/);
    const problem = { type: 'https://hoithi.dev/problems/not-found', title: 'Not found', status: 404, detail: 'Không tìm thấy.', code: 'not-found' };
    expect(check('/api/users/:id', 404, problem, 'application/problem+json')).toBeNull();
    expect(check('/api/users/:id', 401, { ...problem, status: 401, message: 'x' }, 'application/problem+json')).toMatch(/additional properties/);
  });

  it('documents the platform’s own errors by the route’s traits: 404 with a path id, 401/403 when guarded', () => {
    const doc = document();
    expect(Object.keys(doc.paths['/api/users/{id}'].get!.responses).sort()).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(Object.keys(doc.paths['/api/users'].get!.responses).sort()).toEqual(['200', '400', '503']);
    expect(doc.components!.schemas!.UserPageV1).toMatchObject({ properties: { items: { items: { $ref: '#/components/schemas/UserV1' } } } });
  });

  it('leaves routes without a documented schema alone in `contracted` mode, refuses them in `strict` mode', () => {
    expect(check('/api/prose', 200, { anything: 1 })).toBeNull();
    const strict = new ContractChecker(document(), 'strict');
    expect(strict.check('GET', '/api/prose', 200, 'application/json', '{"anything":1}')).toMatch(/body is not documented/);
    expect(strict.check('GET', '/api/nowhere', 200, 'application/json', '{}')).toMatch(/not in the OpenAPI document/);
  });
});
