import { useState, type FormEvent } from 'react';
import type { RegisterRequestV1 } from '@hoi-thi/contracts';
import { ApiError, call } from '../lib/api';
import { useT } from '../lib/i18n';
import { Link, navigate, useLocation } from '../lib/router';
import { ErrorBox } from '../ui';
import { CaptchaField, useCaptcha } from './captcha';
import { CategoryField, FormErrors, ProvinceWardFields, TextField, UnitField, useFocusFirstInvalid } from './profile-fields';

const FIELDS = [
  'fullName',
  'dateOfBirth',
  'phone',
  'email',
  'password',
  'citizenId',
  'provinceCode',
  'wardCode',
  'unitId',
  'category',
  'captchaAnswer',
] as const;
type Form = Record<(typeof FIELDS)[number], string>;

export function Register() {
  const t = useT();
  const { query } = useLocation();
  const [form, setForm] = useState<Form>(() => Object.fromEntries(FIELDS.map((f) => [f, ''])) as Form);
  const [error, setError] = useState<ApiError | null>(null);
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const captcha = useCaptcha();

  useFocusFirstInvalid(error);

  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const err = (k: string) => error?.field(k);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setOther(null);
    // Each field as typed (trimmed; the password as is), an empty optional one left out: the server names what it refuses.
    const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
    const body: RegisterRequestV1 = {
      fullName: form.fullName.trim(),
      dateOfBirth: form.dateOfBirth.trim(),
      phone: form.phone.trim(),
      email: opt(form.email),
      password: form.password,
      citizenId: opt(form.citizenId),
      provinceCode: form.provinceCode,
      wardCode: form.wardCode,
      unitId: opt(form.unitId),
      category: form.category as RegisterRequestV1['category'],
      captchaId: captcha.data?.captchaId,
      captchaAnswer: opt(form.captchaAnswer),
    };
    try {
      await call('POST /api/auth/register', { body, auth: false });
      navigate(
        `/login?registered=1&login=${encodeURIComponent(form.phone)}${query.get('next') ? `&next=${encodeURIComponent(query.get('next') as string)}` : ''}`,
      );
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
    <TextField id={k} label={label} value={form[k]} onValue={set(k)} err={err} hint={hint} {...props} />
  );

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('registerTitle')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <FormErrors error={error} fields={FIELDS} />
        <ErrorBox error={other} />
        {input('fullName', t('fullName'), { autoComplete: 'name', required: true })}
        <div className="grid2">
          {input('dateOfBirth', t('dateOfBirth'), { type: 'date', required: true, autoComplete: 'bday' })}
          {input('phone', t('phone'), { type: 'tel', inputMode: 'tel', autoComplete: 'tel', required: true, placeholder: '0912345678' })}
        </div>
        {input('email', t('email'), { type: 'email', autoComplete: 'email' })}
        {input('password', t('password'), { type: 'password', autoComplete: 'new-password', required: true }, t('passwordHint'))}
        {input('citizenId', t('citizenId'), { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' })}
        <ProvinceWardFields provinceCode={form.provinceCode} wardCode={form.wardCode} onChange={(v) => setForm((f) => ({ ...f, ...v }))} err={err} />
        <UnitField value={form.unitId} onValue={set('unitId')} err={err} />
        <CategoryField value={form.category} onValue={set('category')} err={err} />
        {captcha.data?.requiredForRegistration && (
          <CaptchaField
            captcha={captcha.data}
            value={form.captchaAnswer}
            onValue={set('captchaAnswer')}
            error={err('captchaAnswer') ?? err('captchaId')}
            reload={captcha.reload}
          />
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
