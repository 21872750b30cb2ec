import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { useT } from '../lib/i18n';
import { Link, navigate, useLocation } from '../lib/router';
import { described, ErrorBox, Field, useLoad } from '../ui';

interface Named {
  code: string;
  name: string;
}
const CATEGORIES: [string, string][] = [
  ['party-member', 'catPartyMember'],
  ['civil-servant', 'catCivilServant'],
  ['student', 'catStudent'],
  ['worker', 'catWorker'],
  ['armed-forces', 'catArmedForces'],
  ['other', 'catOther'],
];
const FIELDS = ['fullName', 'dateOfBirth', 'phone', 'email', 'password', 'citizenId', 'provinceCode', 'wardCode', 'unitId', 'category', 'captchaAnswer'] as const;
type Form = Record<(typeof FIELDS)[number], string>;

function toNamed(x: unknown): Named[] {
  return asList<Record<string, unknown>>(x, 'provinces', 'wards').map((p) => ({ code: String(p.code ?? p.id), name: String(p.name) }));
}

/** A unit tree flattened with its depth, for one indented <select>. */
function flattenUnits(x: unknown): { id: string; name: string; depth: number }[] {
  const out: { id: string; name: string; depth: number }[] = [];
  const walk = (list: Record<string, unknown>[], depth: number) => {
    for (const u of list) {
      out.push({ id: String(u.id), name: String(u.name), depth: typeof u.depth === 'number' ? u.depth : depth });
      if (Array.isArray(u.children)) walk(u.children as Record<string, unknown>[], depth + 1);
    }
  };
  walk(asList<Record<string, unknown>>(x, 'units'), 0);
  return out;
}

export function Register() {
  const t = useT();
  const { query } = useLocation();
  const [form, setForm] = useState<Form>(() => Object.fromEntries(FIELDS.map((f) => [f, ''])) as Form);
  const [error, setError] = useState<ApiError | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const provinces = useLoad(async (signal) => toNamed(await api('/api/geo/provinces', { signal, auth: false })), []);
  const wards = useLoad(async (signal) => (form.provinceCode ? toNamed(await api(`/api/geo/provinces/${form.provinceCode}/wards`, { signal, auth: false })) : []), [form.provinceCode]);
  const units = useLoad(async (signal) => flattenUnits(await api('/api/units', { signal, auth: false })), []);
  const captcha = useLoad(async (signal) => api<{ captchaId: string; svg: string; enabled?: boolean }>('/api/auth/captcha', { signal, auth: false }), []);

  useEffect(() => {
    if (error) document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value, ...(k === 'provinceCode' ? { wardCode: '' } : {}) }));
  const err = (k: string) => error?.field(k);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setOther(null);
    const body: Record<string, string> = {};
    for (const f of FIELDS) if (form[f].trim() !== '') body[f] = form[f].trim();
    if (body.password !== undefined) body.password = form.password;
    if (captcha.data?.captchaId) body.captchaId = captcha.data.captchaId;
    try {
      await api('/api/auth/register', { method: 'POST', body, auth: false });
      navigate(`/login?registered=1&login=${encodeURIComponent(form.phone)}${query.get('next') ? `&next=${encodeURIComponent(query.get('next') as string)}` : ''}`);
    } catch (ex) {
      if (ex instanceof ApiError && ex.status !== 0) {
        setError(ex);
        // A captcha is good for one try.
        if (ex.errors.some((x) => x.field.startsWith('captcha')) || ex.code.startsWith('captcha')) captcha.reload();
      } else setOther(ex);
    } finally {
      setBusy(false);
    }
  };

  const input = (k: keyof Form, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field id={k} label={label} error={err(k)} hint={hint}>
      <input {...described(k, err(k), hint)} value={form[k]} onChange={set(k)} {...props} />
    </Field>
  );
  const unmatched = error?.errors.filter((x) => !FIELDS.some((f) => x.field === f || x.field.endsWith(`.${f}`))) ?? [];

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('registerTitle')}</h1>
      <form className="card" onSubmit={submit} noValidate>
        {error && (
          <div className="alert error" role="alert">
            {error.errors.length ? t('fixErrors') : error.detail}
            {unmatched.length > 0 && (
              <ul>
                {unmatched.map((x, i) => (
                  <li key={i}>{x.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ErrorBox error={other} />
        {input('fullName', t('fullName'), { autoComplete: 'name', required: true })}
        <div className="grid2">
          {input('dateOfBirth', t('dateOfBirth'), { type: 'date', required: true, autoComplete: 'bday' })}
          {input('phone', t('phone'), { type: 'tel', inputMode: 'tel', autoComplete: 'tel', required: true, placeholder: '0912345678' })}
        </div>
        {input('email', t('email'), { type: 'email', autoComplete: 'email' })}
        {input('password', t('password'), { type: 'password', autoComplete: 'new-password', required: true }, t('passwordHint'))}
        {input('citizenId', t('citizenId'), { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' })}
        <div className="grid2">
          <Field id="provinceCode" label={t('province')} error={err('provinceCode')}>
            <select {...described('provinceCode', err('provinceCode'))} value={form.provinceCode} onChange={set('provinceCode')} required>
              <option value="">{t('choose')}</option>
              {provinces.data?.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="wardCode" label={t('ward')} error={err('wardCode')}>
            <select {...described('wardCode', err('wardCode'))} value={form.wardCode} onChange={set('wardCode')} disabled={!form.provinceCode} required>
              <option value="">{t('choose')}</option>
              {wards.data?.map((w) => (
                <option key={w.code} value={w.code}>
                  {w.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field id="unitId" label={t('unit')} error={err('unitId')}>
          <select {...described('unitId', err('unitId'))} value={form.unitId} onChange={set('unitId')}>
            <option value="">{t('choose')}</option>
            {units.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {'\u00a0\u00a0'.repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="category" label={t('category')} error={err('category')}>
          <select {...described('category', err('category'))} value={form.category} onChange={set('category')} required>
            <option value="">{t('choose')}</option>
            {CATEGORIES.map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </Field>
        {captcha.data?.svg && captcha.data.enabled !== false && (
          <Field id="captchaAnswer" label={t('captcha')} error={err('captchaAnswer') ?? err('captchaId')} hint={t('captchaHint')}>
            <div className="row" style={{ marginBottom: '0.4rem' }}>
              <span role="img" aria-label={t('captcha')} style={{ background: '#fff', border: '1px solid var(--line)', borderRadius: 8, display: 'inline-block', lineHeight: 0 }} dangerouslySetInnerHTML={{ __html: captcha.data.svg }} />
              <button type="button" className="btn small secondary" onClick={captcha.reload}>
                {t('captchaRefresh')}
              </button>
            </div>
            <input {...described('captchaAnswer', err('captchaAnswer'), t('captchaHint'))} value={form.captchaAnswer} onChange={set('captchaAnswer')} autoComplete="off" autoCapitalize="off" />
          </Field>
        )}
        <button className="btn block" type="submit" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />} {t('register')}
        </button>
        <p>
          {t('haveAccount')} <Link to="/login">{t('login')}</Link>
        </p>
      </form>
    </main>
  );
}
