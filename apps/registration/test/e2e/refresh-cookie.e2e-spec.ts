import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp } from '@hoi-thi/testing';
import { RegistrationEnv } from '../../src/registration.env';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { ip, PASSWORD, register } from '../support';

/**
 * Issue 12, finding 11: a browser's refresh token lives in an HttpOnly cookie scoped to /api/auth, never in the
 * page; a refresh by cookie needs the X-CSRF header and the platform's own Origin. API clients keep the body token.
 */
describe('the refresh-token cookie', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
  });
  afterAll(async () => {
    await app.close();
  });

  const HOST = 'thi.example.vn';
  const COOKIE = /^ht_refresh=([0-9a-f-]{36}\.[A-Za-z0-9_-]{43}); Max-Age=(\d+); Path=\/api\/auth; HttpOnly; Secure; SameSite=Strict$/;
  const setCookie = (res: LightMyRequestResponse): string => {
    const h = res.headers['set-cookie'];
    return (Array.isArray(h) ? h : [h ?? '']).find((c) => c.startsWith('ht_refresh=')) ?? '';
  };
  const cookieOf = (res: LightMyRequestResponse) => COOKIE.exec(setCookie(res))?.[1] ?? '';
  const post = (url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: { host: HOST, ...headers }, ...(payload ? { payload } : {}), remoteAddress: ip() });
  const webLogin = async () => {
    const u = await register(app, {}, false);
    const res = await post('/api/auth/login', { 'x-client': 'web' }, { login: u.phone, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    return { res, cookie: cookieOf(res) };
  };
  const refreshByCookie = (cookie: string, headers: Record<string, string> = { 'x-csrf': '1' }) =>
    post('/api/auth/refresh', { cookie: `other=1; ht_refresh=${cookie}`, ...headers }, {});

  it('login sets it HttpOnly, Secure, SameSite=Strict, Path=/api/auth, for REFRESH_TTL_SECONDS; a web login gets no refresh token in the body', async () => {
    const { res, cookie } = await webLogin();
    expect(setCookie(res)).toMatch(COOKIE);
    expect(Number(COOKIE.exec(setCookie(res))![2])).toBe(app.get(RegistrationEnv).REFRESH_TTL_SECONDS);
    expect(cookie).not.toBe('');
    expect(res.json().refreshToken).toBeUndefined();
    expect(res.json().accessToken).toEqual(expect.any(String));
    // An API client (no X-Client: web) still gets its token in the body, the same as the cookie's.
    const u = await register(app, {}, false);
    const api = await post('/api/auth/login', {}, { login: u.phone, password: PASSWORD });
    expect(api.json().refreshToken).toBe(cookieOf(api));
  });

  it('refresh by cookie with the X-CSRF header (and the own Origin) works and rotates the cookie; the old one is then dead', async () => {
    const { cookie } = await webLogin();
    const first = await refreshByCookie(cookie, { 'x-csrf': '1', origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' });
    expect(first.statusCode).toBe(200);
    expect(first.json().refreshToken).toBeUndefined();
    const next = cookieOf(first);
    expect(setCookie(first)).toMatch(COOKIE);
    expect(next).not.toBe(cookie);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(first.json().accessToken) })).statusCode).toBe(200);
    expect((await refreshByCookie(next)).statusCode).toBe(200);
    // The spent one is refused (and revokes the family, as a replayed body token does), and the browser told to drop it.
    const replay = await refreshByCookie(cookie);
    expect(replay.statusCode).toBe(401);
    expect(setCookie(replay)).toMatch(/^ht_refresh=; Max-Age=0;/);
  });

  it.each([
    ['without the X-CSRF header', {}],
    ['from a foreign Origin', { 'x-csrf': '1', origin: 'https://evil.example' }],
    ['from an opaque Origin', { 'x-csrf': '1', origin: 'null' }],
    ['that the browser says is cross-site', { 'x-csrf': '1', 'sec-fetch-site': 'cross-site' }],
  ])('refuses a cookie refresh %s with 403, and spends nothing', async (_what, headers: Record<string, string>) => {
    const { cookie } = await webLogin();
    const res = await refreshByCookie(cookie, headers);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('auth.refresh.forbidden');
    expect((await refreshByCookie(cookie)).statusCode).toBe(200);
  });

  it('no cookie and no body: 401', async () => {
    const res = await post('/api/auth/refresh', { 'x-csrf': '1' }, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.refresh-invalid');
  });

  it('logout ends the cookie’s login and clears the cookie', async () => {
    const { res, cookie } = await webLogin();
    const out = await post('/api/auth/logout', { cookie: `ht_refresh=${cookie}`, ...bearer(res.json().accessToken) }, {});
    expect(out.statusCode).toBe(204);
    expect(setCookie(out)).toMatch(/^ht_refresh=; Max-Age=0; .*Path=\/api\/auth; HttpOnly; Secure; SameSite=Strict$/);
    expect((await refreshByCookie(cookie)).statusCode).toBe(401);
  });

  it('logout everywhere clears the cookie too', async () => {
    const { res, cookie } = await webLogin();
    const out = await post('/api/auth/logout', { cookie: `ht_refresh=${cookie}`, ...bearer(res.json().accessToken) }, { all: true });
    expect(out.statusCode).toBe(204);
    expect(setCookie(out)).toMatch(/^ht_refresh=; Max-Age=0;/);
    expect((await refreshByCookie(cookie)).statusCode).toBe(401);
  });
});
