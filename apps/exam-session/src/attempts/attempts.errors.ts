import { defineErrors, ErrorCodeOf } from '@hoi-thi/platform';

/**
 * exam-session's error codes (status, Vietnamese first, English), carried by `EXAM_SESSION_SERVICE.errors`.
 * Field messages are keys of this table too. Throw them with `examError(code)` / `examFieldError(field, key)`.
 */
export const EXAM_ERRORS = defineErrors({
  'exam.round-not-found': { status: 404, vi: 'Không tìm thấy vòng thi.', en: 'Round not found.' },
  'exam.round-not-open': { status: 409, vi: 'Vòng thi chưa mở hoặc đã kết thúc.', en: 'The round is not open.' },
  'exam.not-eligible': { status: 403, vi: 'Bạn không đủ điều kiện tham gia vòng thi này.', en: 'You are not eligible for this round.' },
  'exam.attempts-exhausted': { status: 409, vi: 'Bạn đã dùng hết số lượt thi của vòng này.', en: 'No attempts left in this round.' },
  'exam.attempt-not-found': { status: 404, vi: 'Không tìm thấy lượt thi.', en: 'Attempt not found.' },
  'exam.attempt-starting': { status: 503, vi: 'Lượt thi đang được tạo, vui lòng thử lại.', en: 'The attempt is being created, try again.' },
  'exam.question-not-in-attempt': { status: 404, vi: 'Câu hỏi không thuộc lượt thi này.', en: 'The question is not part of this attempt.' },
  'exam.deadline-passed': { status: 410, vi: 'Đã hết giờ làm bài, câu trả lời không được ghi nhận.', en: 'The deadline has passed; the answer was not saved.' },
  'exam.attempt-submitted': {
    status: 409,
    vi: 'Bài thi đã được nộp, không thể sửa câu trả lời.',
    en: 'The attempt is submitted; answers can no longer change.',
  },
  'exam.review-not-allowed': { status: 403, vi: 'Chưa đến lúc xem đáp án của vòng thi này.', en: 'Answers cannot be reviewed yet for this round.' },
  'exam.option-unknown': { status: 400, vi: 'Phương án không thuộc câu hỏi này.', en: 'An option does not belong to this question.' },
  'exam.option-too-many': { status: 400, vi: 'Câu hỏi này chỉ được chọn một phương án.', en: 'This question takes a single option.' },
  'exam.prediction-invalid': {
    status: 400,
    vi: 'Số dự đoán phải là một số, tối đa 5 chữ số thập phân.',
    en: 'The prediction must be a number with at most 5 decimals.',
  },
  'exam.prediction-required': { status: 400, vi: 'Vui lòng nhập số dự đoán.', en: 'The prediction is required.' },
  'exam.event-type-invalid': { status: 400, vi: 'Loại sự kiện không hợp lệ.', en: 'Unknown event type.' },
  'exam.attempt-closed': {
    status: 409,
    vi: 'Lượt thi đã kết thúc (đã nộp bài hoặc đã hết giờ), không ghi nhận thêm sự kiện.',
    en: 'The attempt is over (submitted or past its deadline); no more events are recorded.',
  },
  // Reasons of exam.not-eligible, one per field (the `errors` of its problem+json).
  'exam.profile-not-found': { status: 403, vi: 'Không tìm thấy hồ sơ thí sinh của bạn.', en: 'Your contestant profile was not found.' },
  'exam.account-disabled': { status: 403, vi: 'Tài khoản của bạn đang bị khóa.', en: 'Your account is disabled.' },
  'exam.profile-citizen-id-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu số căn cước công dân (CCCD); hồ sơ của bạn chưa có.',
    en: 'The contest requires a citizen ID; your profile has none.',
  },
  'exam.profile-email-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu địa chỉ e-mail; hồ sơ của bạn chưa có.',
    en: 'The contest requires an e-mail address; your profile has none.',
  },
  'exam.profile-date-of-birth-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu ngày sinh; hồ sơ của bạn chưa có.',
    en: 'The contest requires a date of birth; your profile has none.',
  },
  'exam.profile-province-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu tỉnh/thành phố; hồ sơ của bạn chưa có.',
    en: 'The contest requires a province; your profile has none.',
  },
  'exam.profile-ward-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu phường/xã; hồ sơ của bạn chưa có.',
    en: 'The contest requires a ward; your profile has none.',
  },
  'exam.profile-unit-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu đơn vị công tác/sinh hoạt; hồ sơ của bạn chưa có.',
    en: 'The contest requires a unit; your profile has none.',
  },
  'exam.profile-category-missing': {
    status: 403,
    vi: 'Cuộc thi yêu cầu đối tượng dự thi; hồ sơ của bạn chưa có.',
    en: 'The contest requires a category; your profile has none.',
  },
  'exam.unit-outside-contest': { status: 403, vi: 'Đơn vị của bạn không thuộc phạm vi tổ chức cuộc thi này.', en: 'Your unit is not part of this contest.' },
});
export type ExamErrorCode = ErrorCodeOf<typeof EXAM_ERRORS>;
export const { error: examError, field: examFieldError } = EXAM_ERRORS;
