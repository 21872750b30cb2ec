import { ApiError } from './api';
import { isProfileRefusal, isStaleRefusal, maskCitizenId, profileSaved, RECHECK_AFTER_SAVE_MS, type Profile } from './profile';

const refusal = (...fields: string[]) =>
  new ApiError(
    403,
    'exam.not-eligible',
    'Bạn không đủ điều kiện tham gia vòng thi này.',
    fields.map((field) => ({ field, message: field })),
  );
const view = (over: Partial<Profile> = {}): Profile => ({
  id: 'u1',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1990-05-19',
  phone: '+84912345678',
  email: null,
  hasCitizenId: false,
  citizenIdLast3: null,
  provinceCode: '01',
  wardCode: '10101003',
  unitId: null,
  category: 'other',
  ...over,
});

describe('profile (web)', () => {
  it('masks a CCCD on file as its last 3 digits', () => {
    expect(maskCitizenId(view({ hasCitizenId: true, citizenIdLast3: '345' }))).toBe('*********345');
    expect(maskCitizenId(view())).toBe('');
  });

  it('sends to the profile page only refusals naming a profile field', () => {
    expect(isProfileRefusal(refusal('unitId'))).toBe(true);
    expect(isProfileRefusal(refusal('account'))).toBe(false);
    expect(isProfileRefusal(new ApiError(409, 'exam.round-not-open', 'x'))).toBe(false);
  });

  it('takes a refusal for one kept from before the save only while every field it names is now on file, for a while', () => {
    const t0 = 1_000_000;
    profileSaved(view({ unitId: 'unit-1' }), t0);
    expect(isStaleRefusal(refusal('unitId'), t0 + 1000)).toBe(true);
    expect(isStaleRefusal(refusal('unitId', 'citizenId'), t0 + 1000)).toBe(false);
    expect(isStaleRefusal(refusal('account'), t0 + 1000)).toBe(false);
    expect(isStaleRefusal(refusal('unitId'), t0 + RECHECK_AFTER_SAVE_MS + 1)).toBe(false);
  });
});
