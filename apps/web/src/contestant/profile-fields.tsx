import { useEffect, type InputHTMLAttributes } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { useT } from '../lib/i18n';
import { described, Field, useLoad } from '../ui';

/**
 * The profile's fields as registration and the profile page share them: text inputs, province → ward, the unit
 * tree and the category, each tied to its label and to the API's message for it (problem+json `errors[].field`).
 */

interface Named {
  code: string;
  name: string;
}
export const CATEGORIES: [string, string][] = [
  ['party-member', 'catPartyMember'],
  ['civil-servant', 'catCivilServant'],
  ['student', 'catStudent'],
  ['worker', 'catWorker'],
  ['armed-forces', 'catArmedForces'],
  ['other', 'catOther'],
];

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

/** The field's message, from a refusal naming it. */
export type FieldError = (field: string) => string | undefined;

/** Moves the focus to the first field the API marked invalid, once per refusal. */
export function useFocusFirstInvalid(error: unknown): void {
  useEffect(() => {
    if (error) document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
}

/** The refusal above a form: "fix the marked fields", with the messages that name no field of the form. */
export function FormErrors({ error, fields }: { error: ApiError | null; fields: readonly string[] }) {
  const t = useT();
  if (!error) return null;
  const unmatched = error.errors.filter((x) => !fields.some((f) => x.field === f || x.field.endsWith(`.${f}`)));
  return (
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
  );
}

/** A labelled text input (`id` = the API's field name) with its hint and the API's message. */
export function TextField({ id, label, value, onValue, err, hint, ...props }: { id: string; label: string; value: string; onValue: (v: string) => void; err: FieldError; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>) {
  const error = err(id);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input {...described(id, error, hint)} value={value} onChange={(e) => onValue(e.target.value)} {...props} />
    </Field>
  );
}

/** Province, then a ward of it (a new province clears the ward): `onChange` receives both codes. */
export function ProvinceWardFields({ provinceCode, wardCode, onChange, err, hints = {} }: { provinceCode: string; wardCode: string; onChange: (v: { provinceCode: string; wardCode: string }) => void; err: FieldError; hints?: { provinceCode?: string; wardCode?: string } }) {
  const t = useT();
  const provinces = useLoad(async (signal) => toNamed(await api('/api/geo/provinces', { signal, auth: false })), []);
  const wards = useLoad(async (signal) => (provinceCode ? toNamed(await api(`/api/geo/provinces/${provinceCode}/wards`, { signal, auth: false })) : []), [provinceCode]);
  return (
    <div className="grid2">
      <Field id="provinceCode" label={t('province')} error={err('provinceCode')} hint={hints.provinceCode}>
        <select {...described('provinceCode', err('provinceCode'), hints.provinceCode)} value={provinceCode} onChange={(e) => onChange({ provinceCode: e.target.value, wardCode: '' })} required>
          <option value="">{t('choose')}</option>
          {provinces.data?.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="wardCode" label={t('ward')} error={err('wardCode')} hint={hints.wardCode}>
        <select {...described('wardCode', err('wardCode'), hints.wardCode)} value={wardCode} onChange={(e) => onChange({ provinceCode, wardCode: e.target.value })} disabled={!provinceCode} required>
          <option value="">{t('choose')}</option>
          {wards.data?.map((w) => (
            <option key={w.code} value={w.code}>
              {w.name}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** The unit tree as one indented <select> (optional: "— Choose —" is no unit). */
export function UnitField({ value, onValue, err, hint }: { value: string; onValue: (v: string) => void; err: FieldError; hint?: string }) {
  const t = useT();
  const units = useLoad(async (signal) => flattenUnits(await api('/api/units', { signal, auth: false })), []);
  return (
    <Field id="unitId" label={t('unit')} error={err('unitId')} hint={hint}>
      <select {...described('unitId', err('unitId'), hint)} value={value} onChange={(e) => onValue(e.target.value)}>
        <option value="">{t('choose')}</option>
        {units.data?.map((u) => (
          <option key={u.id} value={u.id}>
            {'\u00a0\u00a0'.repeat(u.depth)}
            {u.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CategoryField({ value, onValue, err, hint }: { value: string; onValue: (v: string) => void; err: FieldError; hint?: string }) {
  const t = useT();
  return (
    <Field id="category" label={t('category')} error={err('category')} hint={hint}>
      <select {...described('category', err('category'), hint)} value={value} onChange={(e) => onValue(e.target.value)} required>
        <option value="">{t('choose')}</option>
        {CATEGORIES.map(([v, k]) => (
          <option key={v} value={v}>
            {t(k)}
          </option>
        ))}
      </select>
    </Field>
  );
}
