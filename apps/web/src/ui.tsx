import { hashKey, keepPreviousData, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from './lib/api';
import { markStale } from './lib/query';
import { useT } from './lib/i18n';

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <p role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const msg = error instanceof ApiError ? (error.offline ? t('networkError') : error.detail) : String((error as Error).message ?? error);
  return (
    <div className="alert error" role="alert">
      {msg}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <>
          {' '}
          <button className="btn small secondary" onClick={onRetry}>
            {t('retry')}
          </button>
        </>
      )}
    </div>
  );
}

/** What a screen reads through `useLoad`: the answer (kept while a new one is read), the failure, and the ways to change it. */
export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** Nothing to show yet for these `deps` (or the previous deps' answer shown meanwhile), or a `reload()` under way. */
  loading: boolean;
  /** Reads again now (after a write: every other read is marked stale too, re-read when next shown). */
  reload: () => void;
  /** Replaces the answer (a pushed update). */
  setData: (d: T) => void;
}

const NOTHING = Symbol('nothing');

export interface LoadOptions {
  /**
   * The cache key. Give one for a read shared between screens (`routeKey(route, params)` of lib/query.ts: the
   * contest, the round); by default it is the loader's own source text and `deps`, one entry per call site.
   */
  key?: QueryKey;
  /** How long the answer is fresh (default the client's 10 s; 0 for what the user's own actions elsewhere change). */
  staleTime?: number;
  /** How long an answer no screen shows is kept (0: never reused, e.g. a one-try captcha). */
  gcTime?: number;
}

/**
 * A read through the query cache (TanStack Query, lib/query.ts): once per `deps` (the previous answer shown until
 * the new one comes), from the cache at once when a screen comes back to it, `reload()` to read again.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], opts: LoadOptions = {}): Loaded<T> {
  const client = useQueryClient();
  const key = opts.key ?? ['load', load.toString(), ...deps];
  const loader = useRef(load);
  loader.current = load;
  const [manual, setManual] = useState(0);
  const q = useQuery({
    queryKey: key,
    // The cache holds no `undefined` answer (a read that had nothing to do): a stand-in for it.
    queryFn: async ({ signal }) => {
      const v = await loader.current(signal);
      return v === undefined ? NOTHING : v;
    },
    placeholderData: keepPreviousData,
    ...(opts.staleTime !== undefined ? { staleTime: opts.staleTime } : {}),
    ...(opts.gcTime !== undefined ? { gcTime: opts.gcTime } : {}),
  });
  const hash = hashKey(key);
  return {
    data: q.data === NOTHING ? undefined : (q.data as T | undefined),
    error: q.error ?? undefined,
    loading: q.isPending || q.isPlaceholderData || (manual > 0 && q.isFetching),
    reload: () => {
      setManual((n) => n + 1);
      void markStale(hash);
      void q.refetch().finally(() => setManual((n) => n - 1));
    },
    setData: (data: T) => client.setQueryData(key, data),
  };
}

export function Field({ label, error, hint, children, id }: { label: string; error?: string; hint?: string; children: ReactNode; id: string }) {
  return (
    <div className="field" data-invalid={error ? 'true' : undefined}>
      <span>
        <label htmlFor={id}>{label}</label>
      </span>
      {children}
      {hint && !error && (
        <small className="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
      {error && (
        <small className="err" id={`${id}-err`} role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** Props that tie an input to its field's label, hint and error for screen readers. */
export const described = (id: string, error?: string, hint?: string) => ({
  id,
  name: id,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-err` : hint ? `${id}-hint` : undefined,
});

export function Dialog({ title, children, onClose }: { title: string; children: ReactNode; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('button, [href], input')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      prev?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-back" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={ref}>
        <h2 id="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
