import {
  citizenIdColumns,
  citizenIdFingerprint,
  isStrongEnoughPassword,
  isValidBirthDate,
  isValidCitizenId,
  isValidEmail,
  isValidFullName,
  normalizeCitizenId,
  normalizeEmail,
  normalizeFullName,
  normalizeLogin,
  normalizeVnMobile,
} from './profile-rules';

describe('profile rules', () => {
  describe(normalizeVnMobile.name, () => {
    it.each(['0912345678', '+84912345678', '84912345678', '0912 345 678', '091.234.5678', '+84 912-345-678'])('reads %s as +84912345678', (input) => {
      expect(normalizeVnMobile(input)).toBe('+84912345678');
    });
    it.each(['0862345678', '0332345678', '0702345678', '0812345678', '0562345678', '0900000001'])('accepts the mobile number %s', (input) => {
      expect(normalizeVnMobile(input)).toMatch(/^\+84\d{9}$/);
    });
    it.each([
      ['a landline', '02438251234'],
      ['an old 11-digit number', '01234567890'],
      ['a foreign number', '+14155552671'],
      ['letters', '09123abc78'],
      ['too short', '09123'],
      ['too long', '091234567890123'],
      ['empty', ''],
      ['not a string', 912345678],
    ])('refuses %s', (_what, input) => {
      expect(normalizeVnMobile(input)).toBeNull();
    });
  });

  it('normalises a login to a phone or a lower-cased e-mail', () => {
    expect(normalizeLogin(' 0912345678 ')).toEqual({ phone: '+84912345678' });
    expect(normalizeLogin('An@Example.VN')).toEqual({ email: 'an@example.vn' });
    expect(normalizeLogin('nobody')).toBeNull();
  });

  it('fingerprints a citizen ID with the pepper (stable, not the number)', () => {
    const a = citizenIdFingerprint('001203004005', 'pepper-pepper-pepper');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('001203004005');
    expect(citizenIdFingerprint('001203004005', 'pepper-pepper-pepper')).toBe(a);
    expect(citizenIdFingerprint('001203004005', 'another-pepper-000')).not.toBe(a);
  });

  it('reads a citizen ID as typed: trimmed, blank as absent, exactly 12 digits', () => {
    expect(normalizeCitizenId(' 001203004005 ')).toBe('001203004005');
    expect(normalizeCitizenId('   ')).toBeUndefined();
    expect(normalizeCitizenId(null)).toBeNull();
    expect(isValidCitizenId('001203004005')).toBe(true);
    for (const bad of ['00120300400', '0012030040051', '00120300400X', '001 203 004 005', 1203004005, null, undefined])
      expect(isValidCitizenId(bad)).toBe(false);
  });

  it('stores a citizen ID as its fingerprint and last 3 digits only', () => {
    expect(citizenIdColumns('001203004005', 'pepper-pepper-pepper')).toEqual({
      citizenIdHash: citizenIdFingerprint('001203004005', 'pepper-pepper-pepper'),
      citizenIdLast3: '005',
    });
  });

  describe(isValidBirthDate.name, () => {
    const today = new Date('2026-06-15T00:00:00Z');
    it('accepts a real date of someone aged 6 to 120', () => {
      expect(isValidBirthDate('1990-02-28', today)).toBe(true);
      expect(isValidBirthDate('2020-06-15', today)).toBe(true); // 6 today
      expect(isValidBirthDate('1906-06-16', today)).toBe(true); // 119
    });
    it.each(['2020-06-16', '2026-01-01', '1905-06-14', '1990-02-30', '1990-13-01', '15/06/1990', '1990-6-1', '', 19900101])('refuses %s', (v) => {
      expect(isValidBirthDate(v, today)).toBe(false);
    });
  });

  it('normalises and checks full names', () => {
    const decomposed = 'Nguye\u0302\u0303n Va\u0306n An';
    const n = normalizeFullName(`  ${decomposed}   `) as string;
    expect(n).toBe('Nguyễn Văn An');
    expect(isValidFullName(n)).toBe(true);
    expect(isValidFullName("Đặng Thị O'Neil-Hà")).toBe(true);
    expect(isValidFullName('A')).toBe(false);
    expect(isValidFullName('x'.repeat(101))).toBe(false);
    expect(isValidFullName('Nguyễn <script>')).toBe(false);
    expect(isValidFullName('12345')).toBe(false);
  });

  it('asks passwords for 8+ characters with letters and digits', () => {
    expect(isStrongEnoughPassword('matkhau1')).toBe(true);
    expect(isStrongEnoughPassword('mậtkhẩu9')).toBe(true);
    expect(isStrongEnoughPassword('short1')).toBe(false);
    expect(isStrongEnoughPassword('onlyletters')).toBe(false);
    expect(isStrongEnoughPassword('1234567890')).toBe(false);
    expect(isStrongEnoughPassword('a1'.repeat(65))).toBe(false);
  });

  it('lower-cases e-mails and checks their form', () => {
    expect(normalizeEmail(' An@Example.VN ')).toBe('an@example.vn');
    expect(normalizeEmail('')).toBeUndefined();
    expect(isValidEmail('an@example.vn')).toBe(true);
    expect(isValidEmail('an@@example.vn')).toBe(false);
    expect(isValidEmail('an@example')).toBe(false);
    expect(isValidEmail('an..b@example.vn')).toBe(false);
  });
});
