import { useState, type FormEvent } from 'react';
import type { LoginRequestV1 } from '@hoi-thi/contracts';
import { ApiError, call } from '../lib/api';
import { setSession } from '../lib/auth';
import { useT } from '../lib/i18n';
import { Link, navigate, safeNext, useLocation } from '../lib/router';
import { described, ErrorBox, Field } from '../ui';
import { CaptchaField, useCaptcha } from './captcha';

export function Login() {
  const t = useT();
  const { query } = useLocation();
  const [login, setLogin] = useState(query.get('login') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Asked for only once the account is under attack (401 auth.captcha-required): the owner solves one and gets in.
  const [needsCaptcha, setNeedsCaptcha] = useState(false);
  const [captchaAnswer, setCaptchaAnswer] = useState('');
  const captcha = useCaptcha(needsCaptcha);
  const next = query.get('next') ?? '/';
  const fieldErr = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: LoginRequestV1 = { login: login.trim(), password };
    if (needsCaptcha && captcha.data) Object.assign(body, { captchaId: captcha.data.captchaId, captchaAnswer: captchaAnswer.trim() });
    try {
      // `X-Client: web`: the refresh token comes back only as the HttpOnly cookie, never in the body.
      const res = await call('POST /api/auth/login', { body, auth: false, headers: { 'x-client': 'web' } });
      setSession({ accessToken: res.accessToken }, { login: true });
      navigate(safeNext(next), { replace: true });
    } catch (ex) {
      setError(ex);
      if (ex instanceof ApiError && (ex.code === 'auth.captcha-required' || ex.errors.some((x) => x.field.startsWith('captcha')))) {
        // A captcha is good for one try, spent whatever the answer.
        if (needsCaptcha) captcha.reload();
        setNeedsCaptcha(true);
        setCaptchaAnswer('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('loginTitle')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
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
          <input
            {...described('password', fieldErr('password'))}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </Field>
        {needsCaptcha && captcha.data && (
          <CaptchaField
            captcha={captcha.data}
            value={captchaAnswer}
            onValue={setCaptchaAnswer}
            error={fieldErr('captchaAnswer') ?? fieldErr('captchaId')}
            reload={captcha.reload}
          />
        )}
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
