import { createStore, storage, useStore } from './store';

/**
 * The login in this tab. The access token (15 minutes) lives in memory only; the refresh token never reaches
 * script at all: the server keeps it in the `ht_refresh` cookie (HttpOnly; Secure; SameSite=Strict;
 * Path=/api/auth), so a script injected into the page can neither read it nor carry it away. What the device
 * remembers in localStorage is only a flag, `ht.signedIn` (`1.` and a login's random tag, no secret), saying that a cookie refresh is worth trying when a
 * page opens (and, through the storage event, telling the other tabs of a login or a logout).
 */
export interface Session {
  accessToken: string;
}
export interface Claims {
  sub: string;
  roles: string[];
  name?: string;
  unitId?: string | null;
  province?: string | null;
  exp?: number;
}

export const SIGNED_IN_KEY = 'ht.signedIn';
/** The key the client used before the cookie: a device that still holds it has it removed on first load. */
const LEGACY_KEY = 'ht.session';

export const sessionStore = createStore<Session | null>(null);
/**
 * `restoring` while the first cookie refresh of a page that was signed in is on its way (screens wait rather than
 * flash "log in"); `ready` once it answered, or at once when the device was not signed in.
 */
export const authStateStore = createStore<'restoring' | 'ready'>(signedIn() ? 'restoring' : 'ready');

if (storage.get(LEGACY_KEY) !== null) storage.set(LEGACY_KEY, null);

/** Whether this device believes it holds a login (the cookie itself is out of script's reach). */
export function signedIn(): boolean {
  return storage.get(SIGNED_IN_KEY)?.startsWith('1') ?? false;
}

/**
 * A new access token (a refresh, or a `login`), or the end of the login (null). A login writes a new flag value,
 * so that the other tabs, seeing it change, fetch the new account's token; a refresh leaves it as it is.
 */
export function setSession(s: Session | null, opts: { login?: boolean } = {}): void {
  if (!s) storage.set(SIGNED_IN_KEY, null);
  else if (opts.login || !signedIn()) storage.set(SIGNED_IN_KEY, `1.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
  sessionStore.set(s);
}

export function decodeClaims(token: string | undefined | null): Claims | null {
  if (!token) return null;
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))
        .split('')
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    const c = JSON.parse(json) as Claims;
    return { ...c, roles: Array.isArray(c.roles) ? c.roles : [] };
  } catch {
    return null;
  }
}

export function useClaims(): Claims | null {
  const s = useStore(sessionStore);
  return s ? decodeClaims(s.accessToken) : null;
}

export function useAuthState(): 'restoring' | 'ready' {
  return useStore(authStateStore);
}

export function hasRole(c: Claims | null, ...roles: string[]): boolean {
  return !!c && c.roles.some((r) => roles.includes(r) || r === 'admin');
}
