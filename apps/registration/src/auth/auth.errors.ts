import type { ErrorTable } from '@hoi-thi/platform';

export const AUTH_ERRORS = {
  'auth.invalid-credentials': {
    status: 401,
    vi: 'Số điện thoại/e-mail hoặc mật khẩu không đúng.',
    en: 'Wrong phone/e-mail or password.',
  },
  'auth.captcha-required': {
    status: 401,
    vi: 'Tài khoản này vừa có nhiều lần đăng nhập sai. Vui lòng nhập mã xác nhận (captcha) cùng mật khẩu để đăng nhập.',
    en: 'This account has had several failed logins; enter the captcha along with the password to log in.',
  },
  'auth.refresh.forbidden': {
    status: 403,
    vi: 'Yêu cầu làm mới phiên đăng nhập không đến từ trang của hệ thống.',
    en: 'This session refresh does not come from the platform’s own page.',
  },
  'auth.account-disabled': { status: 403, vi: 'Tài khoản đã bị khóa.', en: 'This account is disabled.' },
  'auth.refresh-invalid': {
    status: 401,
    vi: 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ, vui lòng đăng nhập lại.',
    en: 'The session has expired or is invalid; please log in again.',
  },
  'auth.busy': {
    status: 503,
    vi: 'Hệ thống đang xử lý nhiều lượt đăng nhập, vui lòng thử lại sau giây lát.',
    en: 'Too many logins at once; please retry in a moment.',
  },
  'auth.logout.target-missing': {
    status: 400,
    vi: 'Cần gửi mã làm mới (refreshToken) hoặc chọn đăng xuất khỏi mọi thiết bị (all: true).',
    en: 'Send the refreshToken, or all: true to log out everywhere.',
  },
  'captcha.required': { status: 400, vi: 'Vui lòng nhập mã xác nhận (captcha).', en: 'Please enter the captcha.' },
  'captcha.wrong': { status: 400, vi: 'Mã xác nhận không đúng, vui lòng thử mã mới.', en: 'Wrong captcha; please try a new one.' },
  'captcha.expired': {
    status: 400,
    vi: 'Mã xác nhận đã hết hạn hoặc đã được dùng, vui lòng lấy mã mới.',
    en: 'The captcha has expired or was already used; please get a new one.',
  },
  'login.invalid': { status: 400, vi: 'Vui lòng nhập số điện thoại hoặc e-mail.', en: 'Enter a phone number or an e-mail address.' },
  'password.required': { status: 400, vi: 'Vui lòng nhập mật khẩu.', en: 'Enter the password.' },
  'refreshToken.invalid': { status: 400, vi: 'Mã làm mới không hợp lệ.', en: 'Invalid refresh token.' },
} satisfies ErrorTable;
