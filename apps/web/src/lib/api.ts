import { authStateStore, sessionStore, setSession, signedIn, SIGNED_IN_KEY } from './auth';
import type { ApiRoutes } from './routes.gen';
import { langStore, tNow } from './i18n';

/** An API failure as problem+json describes it; status 0 means the network (offline, DNS, reset). */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public detail: string,
    public errors: { field: string; message: string }[] = [],
  ) {
    super(detail);
  }
  get offline(): boolean {
    return this.status === 0;
  }
  /** The message for one field, as the API named it (e.g. `phone`, `profile.phone`). */
  field(name: string): string | undefined {
    return this.errors.find((e) => e.field === name || e.field.endsWith(`.${name}`))?.message;
  }
}

interface Options {
  method?: string;
  body?: unknown;
  auth?: boolean;
  /** Return the raw Response (files). */
  raw?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

let refreshing: Promise<boolean> | null = null;

/** One cookie refresh: the browser sends `ht_refresh`, the header proves the page is ours (CSRF). */
async function rotate(): Promise<boolean> {
  try {
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf': '1', accept: 'application/json', 'accept-language': langStore.get() },
    });
    if (!res.ok) {
      // A 4xx means the cookie is spent, revoked or gone; a 5xx or a 429 keeps the login for a later try.
      if (res.status < 500 && res.status !== 429) setSession(null);
      return false;
    }
    const body = (await res.json()) as { accessToken: string };
    setSession({ accessToken: body.accessToken });
    return true;
  } catch {
    return false;
  }
}

/**
 * A new access token through the refresh cookie, once for every caller waiting on a 401 in this tab, and one tab
 * at a time (Web Locks): the refresh token rotates on every use and a second use of a spent one revokes the whole
 * login, so two tabs must never present the same cookie at once. Without Web Locks (an insecure context) the tab
 * still dedupes its own callers.
 */
export function refreshSession(): Promise<boolean> {
  if (!signedIn()) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      return locks ? await locks.request('ht.refresh', rotate) : await rotate();
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

/**
 * When a page opens on a device that was signed in: the access token from the cookie (screens show a spinner
 * meanwhile, see authStateStore). Then follows the other tabs: a logout there ends this tab's login, a new login
 * there replaces it; and back online, a login the offline start could not restore is tried again.
 */
export function restoreSession(): void {
  if (signedIn()) void refreshSession().finally(() => authStateStore.set('ready'));
  else authStateStore.set('ready');
  if (typeof window === 'undefined') return;
  window.addEventListener('storage', (e) => {
    if (e.key !== SIGNED_IN_KEY && e.key !== null) return;
    if (!signedIn()) sessionStore.set(null);
    else if (e.newValue !== e.oldValue) void refreshSession();
  });
  window.addEventListener('online', () => {
    if (signedIn() && !sessionStore.get()) void refreshSession();
  });
}

async function toError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const errors = Array.isArray(body.errors) ? (body.errors as { field: string; message: string }[]) : [];
  const detail = String(body.detail ?? body.title ?? body.message ?? res.statusText ?? 'Error');
  return new ApiError(res.status, String(body.code ?? res.status), detail, errors);
}

export async function request(path: string, opts: Options = {}, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': langStore.get(), ...opts.headers };
  // Signed in on this device but no access token yet (the page just opened, or opened offline): get one first.
  if (opts.auth !== false && !sessionStore.get() && signedIn()) await refreshSession();
  const token = sessionStore.get()?.accessToken;
  if (token && opts.auth !== false) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', tNow('networkError'));
  }
  if (res.status === 401 && token && !retried && opts.auth !== false) {
    if (await refreshSession()) return request(path, opts, true);
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function api<T = unknown>(path: string, opts: Options = {}): Promise<T> {
  const res = await request(path, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** The operations of the route table that answer a file (a Blob: an export, a QR code), not JSON. */
export type FileRoute = { [K in keyof ApiRoutes]: ApiRoutes[K]['response'] extends Blob ? K : never }[keyof ApiRoutes];

/**
 * Downloads a protected file (an export) by its operation, typed by the route table like `call(...)`: only a route
 * that answers a file, with its path parameters and query (`downloadFile('GET /api/rounds/{roundId}/results',
 * { path: { roundId }, query: { format: 'csv' } }, 'ket-qua.csv')`). The name is the server's
 * (content-disposition), else `fallbackName`; the hash is the one the server sent for the bytes, if any.
 */
export async function downloadFile<K extends FileRoute>(
  route: K,
  args: Pick<CallArgs<K>, 'path' | 'query'>,
  fallbackName: string,
): Promise<{ name: string; hash: string | null }> {
  const a = args as { path?: Record<string, unknown>; query?: Record<string, unknown> };
  const res = await request(fillPath(route.slice(route.indexOf(' ') + 1), a.path) + queryString(a.query));
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const name = decodeURIComponent(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd)?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, hash: res.headers.get('x-content-sha256') ?? res.headers.get('x-sha256') ?? res.headers.get('digest') };
}

/**
 * Ends this login (the refresh cookie's family: the server revokes it and clears the cookie), or every login of
 * the account with `everywhere`.
 */
export async function logout(everywhere = false): Promise<void> {
  try {
    if (sessionStore.get() || signedIn()) await api('/api/auth/logout', { method: 'POST', body: everywhere ? { all: true } : {} });
  } catch {
    /* logged out locally anyway */
  }
  setSession(null);
}

/** The arguments of one operation of the route table: path parameters, query and body, each only when it has some. */
type Part<T, K extends string> = T extends Record<string, never> | undefined
  ? { [P in K]?: undefined }
  : Partial<T> extends T
    ? { [P in K]?: T }
    : { [P in K]: T };
export type CallArgs<K extends keyof ApiRoutes> = Part<ApiRoutes[K]['path'], 'path'> &
  Part<ApiRoutes[K]['query'], 'query'> &
  Part<ApiRoutes[K]['body'], 'body'> &
  Pick<Options, 'signal' | 'headers' | 'auth'>;
type NoArgs<K extends keyof ApiRoutes> = Partial<CallArgs<K>> extends CallArgs<K> ? [args?: CallArgs<K>] : [args: CallArgs<K>];

/** `/api/rounds/{roundId}` with `{ roundId }`; each value URI-encoded. */
export function fillPath(template: string, path: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (path[name] === undefined || path[name] === null || path[name] === '') throw new Error(`${template}: missing path parameter ${name}`);
    return encodeURIComponent(String(path[name]));
  });
}

/** `?a=1&b=x`, leaving out what is undefined, null or empty. */
export function queryString(query: Record<string, unknown> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * One operation of the API by its name in the OpenAPI document (`'GET /api/rounds/{roundId}'`), typed end to end:
 * the path parameters, query and body it takes and the contract it answers come from the route table that
 * `npm run openapi` writes (routes.gen.ts), whose types are libs/contracts' own.
 */
export function call<K extends keyof ApiRoutes>(route: K, ...args: NoArgs<K>): Promise<ApiRoutes[K]['response']>;
export function call(route: string, a: { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } & Options = {}): Promise<unknown> {
  const [method, template] = route.split(' ');
  return api(fillPath(template, a.path) + queryString(a.query), { method, body: a.body, signal: a.signal, headers: a.headers, auth: a.auth });
}
