import { createStore, storage, useStore } from './store';

/** Tokens live in localStorage so a contestant stays logged in; the refresh token rotates on every use. */
export interface Session {
  accessToken: string;
  refreshToken: string;
}
export interface Claims {
  sub: string;
  roles: string[];
  name?: string;
  unitId?: string | null;
  province?: string | null;
  exp?: number;
}

const KEY = 'ht.session';
export const sessionStore = createStore<Session | null>(storage.getJson<Session | null>(KEY, null));

export function setSession(s: Session | null): void {
  storage.setJson(KEY, s);
  if (!s) storage.set(KEY, null);
  sessionStore.set(s);
}

// Another tab logged in or out: follow it.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) sessionStore.set(storage.getJson<Session | null>(KEY, null));
  });
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

export function hasRole(c: Claims | null, ...roles: string[]): boolean {
  return !!c && c.roles.some((r) => roles.includes(r) || r === 'admin');
}
