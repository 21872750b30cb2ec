import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api';
import { authStateStore, decodeClaims, sessionStore } from './auth';
import type { ApiRoutes } from './routes.gen';

/** Tries of one read after its first failure: a network failure or a 5xx only, never a 4xx (the answer stands). */
const RETRIES = 2;

/** Whether a failed read is worth another try: the network (offline, reset) or the server's own failure (5xx). */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (failures >= RETRIES) return false;
  return error instanceof ApiError && (error.offline || error.status >= 500);
}

/**
 * The web client's query cache (TanStack Query), for what screens read (`useLoad`, `usePages`); writes go through
 * `call()` as before, and the exam's answers through its own queue (exam/answer-queue.ts), never through here.
 * - No refetch when the window gets the focus back: a contestant switching apps mid-exam must not set off reads
 *   (and the judge's board is pushed anyway); a reconnect does re-read what is on screen and stale.
 * - A read is tried again only after a network failure or a 5xx (twice, 0.5 s then 1.5 s), never after a 4xx.
 * - Fresh for 10 s: a screen's double mount (StrictMode), two parts of a screen reading the same contest, a quick
 *   back-and-forth, all share one read; later a screen shows what the cache holds at once and re-reads behind it.
 * - `networkMode: 'always'`: offline, a read fails at once with the offline error (the screens' "cannot reach the
 *   server, retry") instead of waiting paused behind a spinner.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      gcTime: 5 * 60_000,
      refetchOnWindowFocus: false,
      refetchOnReconnect: true,
      networkMode: 'always',
      retry: shouldRetry,
      retryDelay: (attempt) => 500 * 3 ** attempt,
    },
    mutations: { retry: false, networkMode: 'always' },
  },
});

/**
 * The key of a read shared between screens: the operation and its parameters (`['GET /api/contests/{contestId}',
 * { contestId }, {}]`), so that the contest page, the poster and a return to either come from one cache entry.
 */
export function routeKey<K extends keyof ApiRoutes>(route: K, args: { path?: ApiRoutes[K]['path']; query?: Partial<ApiRoutes[K]['query']> } = {}): QueryKey {
  return [route, args.path ?? {}, args.query ?? {}];
}

/** After a write: every read but `except` is stale (re-read when a screen next shows it), none is re-read now. */
export function markStale(except?: string): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryHash !== except, refetchType: 'none' });
}

// Another account (a login, a logout, another tab's login) must never see the previous one's reads: the cache is
// reset and what is on screen re-read. The page's first token (the cookie refresh on opening) changes nothing.
let account: string | null = decodeClaims(sessionStore.get()?.accessToken)?.sub ?? null;
sessionStore.subscribe(() => {
  const now = decodeClaims(sessionStore.get()?.accessToken)?.sub ?? null;
  if (now === account) return;
  account = now;
  if (authStateStore.get() === 'ready') void queryClient.resetQueries();
});
