import type { UserV1 } from '@hoi-thi/contracts';
import { ApiError } from './api';

/** The own profile as `GET /api/me` answers it (the CCCD only as "on file" and its last 3 digits): the contract itself. */
export type Profile = Pick<
  UserV1,
  'id' | 'fullName' | 'dateOfBirth' | 'phone' | 'email' | 'hasCitizenId' | 'citizenIdLast3' | 'provinceCode' | 'wardCode' | 'unitId' | 'category'
>;

/** A CCCD on file as the contestant sees it: never the number, only its last 3 digits. */
export const maskCitizenId = (p: Pick<Profile, 'hasCitizenId' | 'citizenIdLast3'>): string => (p.hasCitizenId ? `*********${p.citizenIdLast3 ?? '***'}` : '');

/** Whether the saved profile holds the field a refusal (`exam.not-eligible`) names (as `PATCH /api/me` names it). */
function holds(p: Profile, field: string): boolean {
  switch (field) {
    case 'citizenId':
      return p.hasCitizenId;
    case 'email':
      return !!p.email;
    case 'dateOfBirth':
      return !!p.dateOfBirth;
    case 'provinceCode':
    case 'province':
      return !!p.provinceCode;
    case 'wardCode':
    case 'ward':
      return !!p.wardCode;
    case 'unitId':
    case 'unit':
      return !!p.unitId;
    case 'category':
      return !!p.category;
    default:
      return false;
  }
}

/** The fields a refusal may name that the contestant fixes on the profile page (not `account` nor `profile`). */
export const isProfileField = (field: string): boolean =>
  ['citizenId', 'email', 'dateOfBirth', 'provinceCode', 'province', 'wardCode', 'ward', 'unitId', 'unit', 'category'].includes(field);

/** Does this start refusal send the contestant to the profile page? */
export const isProfileRefusal = (e: unknown): e is ApiError =>
  e instanceof ApiError && e.code === 'exam.not-eligible' && e.errors.some((x) => isProfileField(x.field));

/**
 * exam-session keeps a refusal for a few seconds (EligibilityService.REFUSAL_TTL_MS, 10 s) whatever the profile does
 * meanwhile: a start right after the profile was fixed may still be refused. This long after a save that filled every
 * field the refusal names, the contest page asks again instead of showing a refusal the contestant just answered.
 */
export const RECHECK_AFTER_SAVE_MS = 12_000;

let lastSave: { at: number; profile: Profile; shown: boolean } | null = null;

export function profileSaved(profile: Profile, now = Date.now()): void {
  lastSave = { at: now, profile, shown: false };
}

/** True while a refusal may be one kept from before the last save (every field it names is now on file). */
export function isStaleRefusal(e: unknown, now = Date.now()): boolean {
  if (!lastSave || now - lastSave.at > RECHECK_AFTER_SAVE_MS || !isProfileRefusal(e)) return false;
  const saved = lastSave.profile;
  return e.errors.every((x) => holds(saved, x.field));
}

/** Just after the profile page sent the contestant back: say "saved" (until dismissSavedNotice). */
export const hasSavedNotice = (now = Date.now()): boolean => !!lastSave && !lastSave.shown && now - lastSave.at < 60_000;

export function dismissSavedNotice(): void {
  if (lastSave) lastSave.shown = true;
}
