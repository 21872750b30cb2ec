import type { DomainErrorCode } from '@hoi-thi/domain';
import type { ErrorSpec } from './error-catalog';

/**
 * libs/domain's codes as HTTP answers, whichever service they escape from. A `Record<DomainErrorCode, …>`: a code
 * added to `DOMAIN_ERROR_CODES` without a status and both messages here does not compile. A 500 is a broken
 * invariant of our own data (logged with an error id), not something the client can fix.
 */
export const DOMAIN_ERRORS: Readonly<Record<DomainErrorCode, ErrorSpec>> = {
  'ranking.score-out-of-range': { status: 422, vi: 'Kết quả nằm ngoài phạm vi xếp hạng.', en: 'The result is outside the ranking range.' },
  'ranking.invalid-entry': { status: 422, vi: 'Bài dự thi không hợp lệ để xếp hạng.', en: 'Invalid entry for ranking.' },
  'ranking.invalid-prediction': { status: 422, vi: 'Giá trị dự đoán không hợp lệ.', en: 'Invalid prediction value.' },
  'ranking.invalid-rule': { status: 422, vi: 'Quy tắc xếp hạng không hợp lệ.', en: 'Invalid ranking rule.' },
  'ranking.true-value-missing': { status: 409, vi: 'Chưa có đáp án câu hỏi dự đoán.', en: 'The prediction true value is missing.' },
  'ranking.invalid-stats': { status: 500, vi: 'Số liệu thống kê không nhất quán.', en: 'Inconsistent statistics.' },
  'blueprint.cell-short': {
    status: 422,
    vi: 'Ngân hàng câu hỏi không đủ câu cho một ô của cấu trúc đề.',
    en: 'The question pool cannot fill a cell of the blueprint.',
  },
  'blueprint.invalid-cell': {
    status: 422,
    vi: 'Ô của cấu trúc đề không hợp lệ (cần chủ đề, mức độ và số câu là số nguyên không âm).',
    en: 'Invalid blueprint cell (it needs a topic, a difficulty and a non-negative integer count).',
  },
  'drawing.invalid-pool': { status: 500, vi: 'Kho câu hỏi để rút đề không nhất quán.', en: 'The question pool to draw from is inconsistent.' },
  'drawing.invalid-seed': { status: 500, vi: 'Mã khởi tạo rút đề không hợp lệ.', en: 'Invalid drawing seed.' },
  'scoring.invalid-question': {
    status: 500,
    vi: 'Đáp án của câu hỏi không nhất quán, không thể chấm điểm.',
    en: 'A question’s answer key is inconsistent; it cannot be scored.',
  },
  'scoring.invalid-answer': { status: 422, vi: 'Câu trả lời không hợp lệ để chấm điểm.', en: 'The answers cannot be scored as given.' },
  'timing.invalid-time': { status: 400, vi: 'Thời điểm không hợp lệ.', en: 'Invalid instant.' },
  'timing.invalid-time-limit': {
    status: 422,
    vi: 'Thời gian làm bài phải là số dương hoặc không giới hạn.',
    en: 'The time limit must be a positive number or none.',
  },
  'timing.invalid-grace': { status: 500, vi: 'Thời gian ân hạn được cấu hình không hợp lệ.', en: 'The configured grace period is invalid.' },
  'timing.invalid-window': { status: 400, vi: 'Thời gian mở phải trước thời gian đóng.', en: 'The round must open before it closes.' },
  'timing.round-closed': { status: 409, vi: 'Vòng thi đã đóng.', en: 'The round is closed.' },
  'timing.invalid-duration': { status: 500, vi: 'Thời điểm nộp bài trước thời điểm bắt đầu.', en: 'The submission time precedes the start time.' },
};
