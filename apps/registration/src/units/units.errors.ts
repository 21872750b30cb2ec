import type { ErrorTable } from '@hoi-thi/platform';

export const UNITS_ERRORS = {
  'unit.code.invalid': {
    status: 400,
    vi: 'Mã đơn vị gồm 1–64 ký tự: chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.',
    en: 'Unit code: 1–64 characters of A–Z, a–z, 0–9, dot, hyphen or underscore.',
  },
  'unit.code.taken': { status: 409, vi: 'Mã đơn vị đã tồn tại.', en: 'This unit code already exists.' },
  'unit.name.invalid': { status: 400, vi: 'Tên đơn vị phải có từ 2 đến 200 ký tự.', en: 'Unit name must be 2 to 200 characters.' },
  'unit.parent.invalid': { status: 400, vi: 'Đơn vị cấp trên không tồn tại.', en: 'Unknown parent unit.' },
  'unit.parent.moved': {
    status: 400,
    vi: 'Đơn vị đã tồn tại với đơn vị cấp trên khác; không thể chuyển bằng cách nhập tệp.',
    en: 'The unit exists under another parent; import cannot move it.',
  },
  'unit.depth.exceeded': { status: 400, vi: 'Cây đơn vị có tối đa 8 cấp.', en: 'The unit tree has at most 8 levels.' },
  'unit.memberCount.invalid': {
    status: 400,
    vi: 'Số thành viên phải là số nguyên từ 0 đến 100.000.000.',
    en: 'Member count must be an integer from 0 to 100,000,000.',
  },
  'unit.duplicate-in-file': { status: 400, vi: 'Mã đơn vị bị lặp lại trong tệp.', en: 'The unit code appears twice in the file.' },
  'unit.conflict': { status: 409, vi: 'Mã đơn vị đã tồn tại.', en: 'This unit code already exists.' },
  'units.import.file-required': {
    status: 400,
    vi: 'Vui lòng gửi một tệp CSV (multipart/form-data, trường "file").',
    en: 'Send one CSV file (multipart/form-data, field "file").',
  },
  'units.import.malformed': {
    status: 400,
    vi: 'Tệp CSV không đọc được hoặc thiếu cột (cần: code, name, parentCode, memberCount).',
    en: 'Unreadable CSV or missing columns (code, name, parentCode, memberCount).',
  },
  'units.import.too-large': {
    status: 400,
    vi: 'Tệp quá lớn (tối đa 5 MB và 20.000 dòng).',
    en: 'File too large (at most 5 MB and 20,000 rows).',
  },
} satisfies ErrorTable;
