import { securityHeaders } from '../src/http/security-headers';

describe(securityHeaders.name, () => {
  it("records helmet's headers for the platform's policy once, as lower-case names", () => {
    const h = securityHeaders();
    expect(h['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self' ws: wss:",
    );
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['cross-origin-embedder-policy']).toBeUndefined();
    expect(Object.keys(h).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it("lets no inline script run: script-src is the origin's files only", () => {
    const csp = securityHeaders()['content-security-policy'];
    const scriptSrc = csp.split(';').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
  });

  it('follows the options it is given (helmet turned off header by header)', () => {
    const h = securityHeaders({ contentSecurityPolicy: false, xFrameOptions: false });
    expect(h['content-security-policy']).toBeUndefined();
    expect(h['x-frame-options']).toBeUndefined();
    expect(h['x-content-type-options']).toBe('nosniff');
  });
});
