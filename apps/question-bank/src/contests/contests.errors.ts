import type { ErrorTable } from '@hoi-thi/platform';

export const CONTEST_ERRORS = {
  'contest.not-found': { status: 404, vi: 'Không tìm thấy cuộc thi.', en: 'Contest not found.' },
  'contest.material-not-found': { status: 404, vi: 'Không tìm thấy tài liệu.', en: 'Material not found.' },
  'contest.material.unknown-id': { status: 400, vi: 'Mã tài liệu không thuộc cuộc thi này.', en: 'The material id does not belong to this contest.' },
  'contest.cursor.invalid': { status: 400, vi: 'Con trỏ phân trang không hợp lệ.', en: 'Invalid pagination cursor.' },
  'contest.material.url': { status: 400, vi: 'Đường dẫn tài liệu phải là địa chỉ http(s) hợp lệ.', en: 'The material URL must be a valid http(s) address.' },
} satisfies ErrorTable;
