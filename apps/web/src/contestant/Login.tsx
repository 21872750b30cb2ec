import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api';
import { setSession } from '../lib/auth';
import { useT } from '../lib/i18n';
import { Link, navigate, safeNext, useLocation } from '../lib/router';
import { described, ErrorBox, Field } from '../ui';

export function Login() {
  const t = useT();
  const { query } = useLocation();
  const [login, setLogin] = useState(query.get('login') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = query.get('next') ?? '/';
  const fieldErr = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ accessToken: string; refreshToken: string }>('/api/auth/login', { method: 'POST', body: { login: login.trim(), password }, auth: false });
      setSession({ accessToken: res.accessToken, refreshToken: res.refreshToken });
      navigate(safeNext(next), { replace: true });
    } catch (ex) {
      setError(ex);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('loginTitle')}</h1>
      <form className="card" onSubmit={submit} noValidate>
        {query.get('registered') && (
          <p className="alert ok" role="status">
            {t('registered')}
          </p>
        )}
        <ErrorBox error={error instanceof ApiError && error.errors.length ? null : error} />
        <Field id="login" label={t('loginField')} error={fieldErr('login')}>
          <input {...described('login', fieldErr('login'))} value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" required />
        </Field>
        <Field id="password" label={t('password')} error={fieldErr('password')}>
          <input {...described('password', fieldErr('password'))} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </Field>
        <button className="btn block" type="submit" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />} {t('login')}
        </button>
        <p>
          {t('noAccount')} <Link to={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('register')}</Link>
        </p>
      </form>
    </main>
  );
}
