/**
 * The browser's refresh token: an `HttpOnly; Secure; SameSite=Strict` cookie that only the auth routes receive, so
 * a script injected into the page can neither read it nor carry it away. Parsed and written here rather than with
 * @fastify/cookie: one cookie, never signed, and the service then needs no plugin whether it runs alone or inside
 * the platform process.
 */
export const REFRESH_COOKIE = 'ht_refresh';
/** login, refresh and logout: the routes that read or clear it. */
export const REFRESH_COOKIE_PATH = '/api/auth';
/** The header the web client sends with a cookie refresh; a cross-site form or image cannot set one. */
export const CSRF_HEADER = 'x-csrf';
/** `X-Client: web`: the caller is the web client, which keeps its refresh token in the cookie only. */
export const CLIENT_HEADER = 'x-client';

export function refreshCookie(token: string, maxAgeSeconds: number): string {
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=${REFRESH_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=${REFRESH_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;
}

/** The refresh token in a Cookie header, if any (the first one: browsers send the most specific path's first). */
export function readRefreshCookie(header: string | string[] | undefined): string | undefined {
  const all = Array.isArray(header) ? header.join('; ') : header;
  if (!all || all.length > 8192) return undefined;
  let found: string | undefined;
  for (const part of all.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (value && found === undefined) found = value;
  }
  return found;
}

/**
 * Whether a cookie-borne refresh may go ahead: the custom header (a cross-site request cannot send one without a
 * CORS preflight the platform never grants) and, when the browser names the page's origin, that origin is this
 * platform's (its public URL when configured, else the host the request was addressed to); a browser that says the
 * request is cross-site (Sec-Fetch-Site) is refused whatever the rest.
 */
export function isSameOriginRequest(headers: Record<string, string | string[] | undefined>, host: string, publicOrigin?: string): boolean {
  const csrf = headers[CSRF_HEADER];
  if (typeof csrf !== 'string' || csrf.trim() === '') return false;
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  let parsed: URL;
  let addressed: URL;
  try {
    parsed = new URL(origin);
    addressed = new URL(`${parsed.protocol}//${host}`);
  } catch {
    return false;
  }
  if (publicOrigin && parsed.origin === publicOrigin) return true;
  // Through URL both ways, so that `Host: example.org:443` and `Origin: https://example.org` are the same place.
  return !!host && parsed.host === addressed.host;
}
