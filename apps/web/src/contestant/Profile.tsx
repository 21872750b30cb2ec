import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, refreshSession } from '../lib/api';
import { useClaims } from '../lib/auth';
import { useT } from '../lib/i18n';
import { maskCitizenId, profileSaved, type Profile } from '../lib/profile';
import { Link, navigate, safeNext, useLocation } from '../lib/router';
import { described, ErrorBox, Field, Spinner, useLoad } from '../ui';
import { CategoryField, FormErrors, ProvinceWardFields, TextField, UnitField, useFocusFirstInvalid } from './profile-fields';

/** What `PATCH /api/me` takes (roles, phone, date of birth… are not the contestant's to change). */
const FIELDS = ['fullName', 'email', 'citizenId', 'provinceCode', 'wardCode', 'unitId', 'category'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
/** A contest's names of the fields (question-bank's REGISTRATION_FIELDS) → the profile's. */
const ALIASES: Record<string, string> = { province: 'provinceCode', ward: 'wardCode', unit: 'unitId' };

const toForm = (p: Profile): Form => ({
  fullName: p.fullName,
  email: p.email ?? '',
  citizenId: '',
  provinceCode: p.provinceCode,
  wardCode: p.wardCode,
  unitId: p.unitId ?? '',
  category: p.category,
});

/** Only what changed: '' clears the e-mail and the unit (null); a CCCD is sent only while none is on file. */
function changes(p: Profile, f: Form): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  if (f.fullName.trim() !== p.fullName) body.fullName = f.fullName.trim();
  if (f.email.trim() !== (p.email ?? '')) body.email = f.email.trim() === '' ? null : f.email.trim();
  if (f.provinceCode !== p.provinceCode || f.wardCode !== p.wardCode) {
    body.provinceCode = f.provinceCode;
    body.wardCode = f.wardCode;
  }
  if (f.unitId !== (p.unitId ?? '')) body.unitId = f.unitId === '' ? null : f.unitId;
  if (f.category !== p.category) body.category = f.category;
  if (!p.hasCitizenId && f.citizenId.trim() !== '') body.citizenId = f.citizenId.trim();
  return body;
}

/** `1990-05-19` → `19/05/1990` (both languages write the day first). */
const dmy = (iso: string) => (/^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso || '—');

/**
 * The contestant's own profile (`GET`/`PATCH /api/me`). Reached from the header, or from a contest page whose start
 * was refused for a missing field (`?next=` the contest page, `&need=` the fields named): saved, it goes back there.
 */
export default function ProfilePage() {
  const t = useT();
  const claims = useClaims();
  const { query } = useLocation();
  const nextParam = query.get('next');
  const next = nextParam ? safeNext(nextParam, '') : '';
  const need = new Set((query.get('need') ?? '').split(',').map((f) => ALIASES[f] ?? f));
  const me = useLoad(async (signal): Promise<Profile | null> => (claims ? call('GET /api/me', { signal }) : null), [claims?.sub], { staleTime: 0 });
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (me.data) setForm((f) => f ?? toForm(me.data as Profile));
  }, [me.data]);
  useFocusFirstInvalid(error);

  if (!claims) {
    return (
      <main id="main" tabIndex={-1} className="narrow">
        <h1>{t('profileTitle')}</h1>
        <p>{t('profileLoginFirst')}</p>
        <Link className="btn" to={`/login?next=${encodeURIComponent(`/profile${query.toString() ? `?${query.toString()}` : ''}`)}`}>
          {t('login')}
        </Link>
      </main>
    );
  }

  const p = me.data;
  const err = (k: string) => error?.field(k);
  const hint = (k: string, own?: string) => (need.has(k) ? [t('requiredByContest'), own].filter(Boolean).join(' ') : own);
  const edit = (patch: Partial<Form>) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, ...patch } : f));
  };
  const set = (k: keyof Form) => (v: string) => edit({ [k]: v });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!p || !form) return;
    setBusy(true);
    setError(null);
    setOther(null);
    setSaved(false);
    try {
      const view = await call('PATCH /api/me', { body: changes(p, form) });
      me.setData(view);
      setForm(toForm(view));
      profileSaved(view);
      // The access token carries the name, unit and province (an attempt records them): take one that says the new ones.
      if (claims.name !== view.fullName || (claims.unitId ?? null) !== view.unitId || (claims.province ?? null) !== view.provinceCode) await refreshSession();
      if (next) navigate(next);
      else setSaved(true);
    } catch (ex) {
      // The form keeps what was typed: only the messages change.
      if (ex instanceof ApiError && ex.status !== 0 && ex.status !== 401) {
        setError(ex);
        // A CCCD was put on file meanwhile (another tab, an administrator): show it as it now is.
        if (ex.code === 'user.citizenId.locked') me.reload();
      } else setOther(ex);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('profileTitle')}</h1>
      {me.loading && !p && <Spinner />}
      <ErrorBox error={me.error} onRetry={me.reload} />
      {next && p && <p className="alert info">{t('profileNextNote')}</p>}
      {p && form && (
        <form className="card" onSubmit={(e) => void submit(e)} noValidate>
          <div role="status" aria-live="polite">
            {saved && <p className="alert ok">{t('profileSaved')}</p>}
          </div>
          <FormErrors error={error} fields={FIELDS} />
          <ErrorBox error={other} />
          <dl className="facts">
            <div>
              <dt>{t('phone')}</dt>
              <dd>{p.phone || '—'}</dd>
            </div>
            <div>
              <dt>{t('dateOfBirth')}</dt>
              <dd>{dmy(p.dateOfBirth)}</dd>
            </div>
          </dl>
          <p className="muted">{t('profileFixed')}</p>
          <TextField id="fullName" label={t('fullName')} value={form.fullName} onValue={set('fullName')} err={err} autoComplete="name" required />
          <TextField id="email" label={t('email')} value={form.email} onValue={set('email')} err={err} hint={hint('email')} type="email" autoComplete="email" />
          {p.hasCitizenId ? (
            <Field id="citizenId" label={t('citizenIdOnFile')} error={err('citizenId')} hint={t('citizenIdAdminOnly')}>
              <input {...described('citizenId', err('citizenId'), t('citizenIdAdminOnly'))} value={maskCitizenId(p)} readOnly />
            </Field>
          ) : (
            <TextField
              id="citizenId"
              label={t('citizenId')}
              value={form.citizenId}
              onValue={set('citizenId')}
              err={err}
              hint={hint('citizenId', t('citizenIdOnce'))}
              inputMode="numeric"
              maxLength={12}
              autoComplete="off"
            />
          )}
          <ProvinceWardFields
            provinceCode={form.provinceCode}
            wardCode={form.wardCode}
            onChange={edit}
            err={err}
            hints={{ provinceCode: hint('provinceCode'), wardCode: hint('wardCode') }}
          />
          <UnitField value={form.unitId} onValue={set('unitId')} err={err} hint={hint('unitId')} />
          <CategoryField value={form.category} onValue={set('category')} err={err} hint={hint('category')} />
          <button className="btn block" type="submit" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />} {t('saveProfile')}
          </button>
          {next && (
            <p>
              <Link to={next}>{t('backToContest')}</Link>
            </p>
          )}
        </form>
      )}
    </main>
  );
}
