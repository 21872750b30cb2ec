import type { ErrorTable } from '@hoi-thi/platform';

/**
 * Profile field messages (used as class-validator `message` keys, shown per field) and the users feature's
 * error codes. Status 400 for a field message is nominal: the answer's status comes from its code.
 */
export const USER_FIELD_ERRORS = {
  'user.fullName.invalid': {
    status: 400,
    vi: 'Họ và tên phải có từ 2 đến 100 ký tự, chỉ gồm chữ cái và khoảng trắng.',
    en: 'Full name must be 2 to 100 characters, letters and spaces only.',
  },
  'user.dateOfBirth.invalid': {
    status: 400,
    vi: 'Ngày sinh không hợp lệ (định dạng YYYY-MM-DD, tuổi từ 6 đến 120).',
    en: 'Invalid date of birth (YYYY-MM-DD, age 6 to 120).',
  },
  'user.phone.invalid': {
    status: 400,
    vi: 'Số điện thoại di động Việt Nam không hợp lệ (ví dụ 0912345678).',
    en: 'Invalid Vietnamese mobile number (e.g. 0912345678).',
  },
  'user.phone.taken': {
    status: 409,
    vi: 'Số điện thoại này đã được đăng ký. Nếu đó là số của bạn, hãy đăng nhập; nếu quên mật khẩu, hãy liên hệ ban tổ chức để được cấp lại.',
    en: 'This phone number is already registered. If it is yours, log in; if you forgot the password, ask the organizers to reset it.',
  },
  'user.email.invalid': { status: 400, vi: 'Địa chỉ e-mail không hợp lệ.', en: 'Invalid e-mail address.' },
  'user.email.taken': {
    status: 409,
    vi: 'Địa chỉ e-mail này đã được đăng ký. Nếu đó là e-mail của bạn, hãy đăng nhập; nếu quên mật khẩu, hãy liên hệ ban tổ chức.',
    en: 'This e-mail address is already registered. If it is yours, log in; if you forgot the password, ask the organizers.',
  },
  'user.password.weak': {
    status: 400,
    vi: 'Mật khẩu phải có từ 8 đến 128 ký tự, gồm cả chữ cái và chữ số.',
    en: 'Password must be 8 to 128 characters with both letters and digits.',
  },
  'user.citizenId.invalid': { status: 400, vi: 'Số căn cước công dân (CCCD) phải gồm đúng 12 chữ số.', en: 'Citizen ID must be exactly 12 digits.' },
  'user.citizenId.taken': { status: 409, vi: 'Số căn cước công dân này đã được đăng ký.', en: 'This citizen ID is already registered.' },
  'user.citizenId.locked': {
    status: 409,
    vi: 'Tài khoản đã có số căn cước công dân (CCCD) và bạn không thể tự thay đổi; vui lòng liên hệ quản trị viên.',
    en: 'This account already has a citizen ID, which you cannot change yourself; please contact an administrator.',
  },
  'user.provinceCode.invalid': { status: 400, vi: 'Tỉnh/thành phố không hợp lệ.', en: 'Invalid province.' },
  'user.wardCode.invalid': {
    status: 400,
    vi: 'Phường/xã không hợp lệ hoặc không thuộc tỉnh/thành phố đã chọn.',
    en: 'Invalid ward, or not in the chosen province.',
  },
  'user.unitId.invalid': { status: 400, vi: 'Đơn vị không tồn tại.', en: 'Unknown unit.' },
  'user.category.invalid': {
    status: 400,
    vi: 'Đối tượng không hợp lệ (đảng viên, công chức, học sinh/sinh viên, công nhân, lực lượng vũ trang, khác).',
    en: 'Invalid category (party-member, civil-servant, student, worker, armed-forces, other).',
  },
  'user.roles.invalid': {
    status: 400,
    vi: 'Danh sách vai trò không hợp lệ (contestant, organizer, judge, admin; ít nhất một, không trùng).',
    en: 'Invalid roles (contestant, organizer, judge, admin; at least one, no duplicates).',
  },
} satisfies ErrorTable;

export const USERS_ERRORS = {
  'user.duplicate': { status: 409, vi: 'Thông tin đã được dùng cho một tài khoản khác.', en: 'Already used by another account.' },
  'user.not-found': { status: 404, vi: 'Không tìm thấy người dùng.', en: 'User not found.' },
  'user.last-admin': {
    status: 409,
    vi: 'Không thể bỏ vai trò quản trị của quản trị viên cuối cùng.',
    en: 'The last admin cannot lose the admin role.',
  },
  'users.cursor.invalid': { status: 400, vi: 'Con trỏ phân trang không hợp lệ.', en: 'Invalid pagination cursor.' },
} satisfies ErrorTable;
