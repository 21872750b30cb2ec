import { defineErrors, ErrorCodeOf } from '@hoi-thi/platform';

/**
 * Every code the leaderboard answers (status, Vietnamese first, English second), carried by
 * `LEADERBOARD_SERVICE.errors`; libs/domain's `ranking.*` codes are the platform's `DOMAIN_ERRORS`. Throw them with
 * `leaderboardError(code)` / `leaderboardFieldError(field, key)`.
 */
export const LEADERBOARD_ERRORS = defineErrors({
  'leaderboard.round-not-found': { status: 404, vi: 'Không tìm thấy vòng thi.', en: 'Round not found.' },
  'leaderboard.round-not-closed': { status: 409, vi: 'Vòng thi chưa kết thúc, chưa thể chốt kết quả.', en: 'The round has not closed yet.' },
  'leaderboard.round-not-finalized': { status: 409, vi: 'Vòng thi chưa được chốt kết quả.', en: 'The round has not been finalized yet.' },
  'leaderboard.round-already-finalized': {
    status: 409,
    vi: 'Vòng thi đã được chốt kết quả; không thể thay đổi.',
    en: 'The round is already finalized; it cannot be changed.',
  },
  'leaderboard.round-board-rebuilding': {
    status: 503,
    vi: 'Bảng xếp hạng đang được dựng lại, vui lòng thử lại sau giây lát.',
    en: 'The leaderboard is being rebuilt, try again in a moment.',
  },
  'leaderboard.attempt-not-found': { status: 404, vi: 'Không tìm thấy lượt thi.', en: 'Attempt not found.' },
  'leaderboard.contestant-not-found': { status: 404, vi: 'Thí sinh không có bài dự thi trong vòng này.', en: 'The contestant has no entry in this round.' },
  'leaderboard.disqualification-duplicate': { status: 409, vi: 'Thí sinh đã bị loại khỏi vòng thi này.', en: 'The contestant is already disqualified.' },
  'leaderboard.field.round-id': { status: 400, vi: 'Mã vòng thi không hợp lệ.', en: 'Invalid round id.' },
  'leaderboard.field.unit-id': { status: 400, vi: 'Mã đơn vị không hợp lệ.', en: 'Invalid unit id.' },
  'leaderboard.field.province': { status: 400, vi: 'Mã tỉnh/thành không hợp lệ.', en: 'Invalid province code.' },
  'leaderboard.field.limit': { status: 400, vi: 'Số dòng phải từ 1 đến 100.', en: 'limit must be 1..100.' },
  'leaderboard.field.page-limit': { status: 400, vi: 'Số dòng phải từ 1 đến 200.', en: 'limit must be 1..200.' },
  'leaderboard.field.offset': { status: 400, vi: 'Vị trí bắt đầu phải là số nguyên không âm.', en: 'offset must be a non-negative integer.' },
  'leaderboard.field.cursor': {
    status: 400,
    vi: 'Con trỏ trang không hợp lệ: dùng nextCursor của trang trước.',
    en: 'Invalid cursor: pass the previous page’s nextCursor.',
  },
  'leaderboard.field.format': { status: 400, vi: 'Định dạng tệp phải là xlsx hoặc csv.', en: 'format must be xlsx or csv.' },
  'leaderboard.field.reason': { status: 400, vi: 'Cần ghi lý do (3–500 ký tự).', en: 'A reason (3–500 characters) is required.' },
  'leaderboard.field.contestant-id': { status: 400, vi: 'Mã thí sinh không hợp lệ.', en: 'Invalid contestant id.' },
  'leaderboard.field.ladder': {
    status: 400,
    vi: 'Cơ cấu giải không hợp lệ (mỗi giải có tên và số lượng từ 1 đến 10.000).',
    en: 'Invalid prize ladder (each prize needs a name and a count of 1..10,000).',
  },
  'leaderboard.field.delta': { status: 400, vi: 'Độ lệch phải là số nguyên từ -1000 đến 1000.', en: 'delta must be an integer in -1000..1000.' },
});
export type LeaderboardErrorCode = ErrorCodeOf<typeof LEADERBOARD_ERRORS>;
export const { error: leaderboardError, field: leaderboardFieldError } = LEADERBOARD_ERRORS;
