import { useEffect, type InputHTMLAttributes } from 'react';
import { ApiError, call } from '../lib/api';
import { type MessageKey, useT } from '../lib/i18n';
import { described, Field, useLoad } from '../ui';
import { flattenUnits } from './derive';

/**
 * The profile's fields as registration and the profile page share them: text inputs, province → ward, the unit
 * tree and the category, each tied to its label and to the API's message for it (problem+json `errors[].field`).
 */

export const CATEGORIES = [
  ['party-member', 'catPartyMember'],
  ['civil-servant', 'catCivilServant'],
  ['student', 'catStudent'],
  ['worker', 'catWorker'],
  ['armed-forces', 'catArmedForces'],
  ['other', 'catOther'],
] as const satisfies readonly (readonly [string, MessageKey])[];

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
export function TextField({
  id,
  label,
  value,
  onValue,
  err,
  hint,
  ...props
}: { id: string; label: string; value: string; onValue: (v: string) => void; err: FieldError; hint?: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
>) {
  const error = err(id);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input {...described(id, error, hint)} value={value} onChange={(e) => onValue(e.target.value)} {...props} />
    </Field>
  );
}

/** Province, then a ward of it (a new province clears the ward): `onChange` receives both codes. */
export function ProvinceWardFields({
  provinceCode,
  wardCode,
  onChange,
  err,
  hints = {},
}: {
  provinceCode: string;
  wardCode: string;
  onChange: (v: { provinceCode: string; wardCode: string }) => void;
  err: FieldError;
  hints?: { provinceCode?: string; wardCode?: string };
}) {
  const t = useT();
  // Both lists are whole (the 34 provinces; every ward of one): `nextCursor` is always null.
  const provinces = useLoad(async (signal) => (await call('GET /api/geo/provinces', { signal, auth: false })).items, []);
  const wards = useLoad(
    async (signal) => (provinceCode ? (await call('GET /api/geo/provinces/{code}/wards', { path: { code: provinceCode }, signal, auth: false })).items : []),
    [provinceCode],
  );
  return (
    <div className="grid2">
      <Field id="provinceCode" label={t('province')} error={err('provinceCode')} hint={hints.provinceCode}>
        <select
          {...described('provinceCode', err('provinceCode'), hints.provinceCode)}
          value={provinceCode}
          onChange={(e) => onChange({ provinceCode: e.target.value, wardCode: '' })}
          required
        >
          <option value="">{t('choose')}</option>
          {provinces.data?.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="wardCode" label={t('ward')} error={err('wardCode')} hint={hints.wardCode}>
        <select
          {...described('wardCode', err('wardCode'), hints.wardCode)}
          value={wardCode}
          onChange={(e) => onChange({ provinceCode, wardCode: e.target.value })}
          disabled={!provinceCode}
          required
        >
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
  // The whole tree in one page (`nextCursor` always null), nested so that each unit follows its parent.
  const units = useLoad(async (signal) => flattenUnits((await call('GET /api/units', { query: { view: 'tree' }, signal, auth: false })).items), []);
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
