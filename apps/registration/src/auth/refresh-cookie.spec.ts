import { clearedRefreshCookie, isSameOriginRequest, readRefreshCookie, refreshCookie } from './refresh-cookie';

describe('refresh cookie', () => {
  it('is HttpOnly, Secure, SameSite=Strict, scoped to /api/auth, and lives as long as the token', () => {
    expect(refreshCookie('fam.tok', 2592000)).toBe('ht_refresh=fam.tok; Max-Age=2592000; Path=/api/auth; HttpOnly; Secure; SameSite=Strict');
    expect(clearedRefreshCookie()).toMatch(/^ht_refresh=; Max-Age=0; .*Path=\/api\/auth; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('is read among other cookies, and only by its exact name', () => {
    expect(readRefreshCookie('a=1; ht_refresh=fam.tok; b=2')).toBe('fam.tok');
    expect(readRefreshCookie(['x=1', 'ht_refresh=t1; ht_refresh=t2'])).toBe('t1');
    expect(readRefreshCookie('xht_refresh=no; ht_refreshx=no')).toBeUndefined();
    expect(readRefreshCookie('ht_refresh=')).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });
});

describe(isSameOriginRequest.name, () => {
  const host = 'thi.example.vn';
  it('needs the custom header', () => {
    expect(isSameOriginRequest({}, host)).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '' }, host)).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '1' }, host)).toBe(true);
  });

  it('refuses a foreign, opaque or malformed Origin and a cross-site fetch', () => {
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'https://evil.example' }, host)).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'null' }, host)).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'not a url' }, host)).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '1', 'sec-fetch-site': 'cross-site' }, host)).toBe(false);
  });

  it("accepts the host's own origin, default ports included, and the configured public origin", () => {
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'https://thi.example.vn', 'sec-fetch-site': 'same-origin' }, host)).toBe(true);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'https://thi.example.vn' }, 'thi.example.vn:443')).toBe(true);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'http://127.0.0.1:3000' }, '127.0.0.1:3000')).toBe(true);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'http://127.0.0.1:3001' }, '127.0.0.1:3000')).toBe(false);
    expect(isSameOriginRequest({ 'x-csrf': '1', origin: 'https://thi.example.vn' }, 'internal:3001', 'https://thi.example.vn')).toBe(true);
  });
});
