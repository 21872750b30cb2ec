import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, createTestApp } from '@hoi-thi/testing';
import { registrationError } from '../../../registration/src/registration.errors';
import { REGISTRATION_SERVICE } from '../../../registration/src/registration.service-def';
import { UsersService } from '../../../registration/src/users/users.service';
import { login, register } from '../../../registration/test/support';

/**
 * The contract check the suites run with (CONTRACT_CHECK, docs/adr/0004-typed-contract.md), through the real
 * registration service: a service that renames a field of its answer, drops a required one or answers an
 * undocumented status fails the request that saw it (500 `contract.violation`), so the test that made it fails.
 */
describe('the contract check, on the real HTTP API', () => {
  let app: NestFastifyApplication;
  let token: string;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
    const u = await register(app, {}, false);
    token = (await login(app, u.phone)).accessToken;
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  const me = () => app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });

  it('lets an answer that keeps the contract through', async () => {
    const res = await me();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty('fullName');
  });

  it('fails an answer whose field was renamed (fullName → name)', async () => {
    const users = app.get(UsersService);
    const real = users.me.bind(users);
    jest.spyOn(users, 'me').mockImplementation(async (id) => {
      const { fullName, ...rest } = await real(id);
      return { ...rest, name: fullName } as never;
    });
    const res = await me();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'contract.violation' });
    expect(res.json().detail).toMatch(/GET \/api\/me → 200: .*must have required property 'fullName'.*must NOT have additional properties/);
  });

  it('fails an undocumented status', async () => {
    jest.spyOn(app.get(UsersService), 'me').mockRejectedValue(registrationError('user.duplicate'));
    const res = await me();
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).toMatch(/status 409 is not documented for GET \/api\/me/);
  });

  it('serves the document it checks against: OpenAPI 3.1 with the contracts as components', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.UserV1.properties.fullName).toEqual({ type: 'string', examples: ['Nguyễn Văn An'] });
    expect(doc.paths['/api/me'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UserV1' });
    expect(doc.paths['/api/me'].get.responses['401'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemV1' });
  });
});
