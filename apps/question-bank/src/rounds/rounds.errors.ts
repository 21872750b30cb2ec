import type { ErrorTable } from '@hoi-thi/platform';

export const ROUND_ERRORS = {
  'round.not-found': { status: 404, vi: 'Không tìm thấy vòng thi.', en: 'Round not found.' },
  'round.invalid': { status: 400, vi: 'Cấu hình vòng thi không hợp lệ.', en: 'The round configuration is invalid.' },
  'round.blueprint-short': {
    status: 400,
    vi: 'Ngân hàng câu hỏi không đủ câu cho cấu trúc đề (xem ô còn thiếu).',
    en: 'The bank cannot fill the blueprint (see the short cells).',
  },
  'round.frozen': {
    status: 409,
    vi: 'Vòng thi đã công bố: không thể thay đổi câu hỏi hay thể lệ; chỉ được gia hạn thời gian đóng.',
    en: 'The round is published: its questions and rules are frozen; only the closing time may be extended.',
  },
  'round.close-only-extend': {
    status: 409,
    vi: 'Chỉ được gia hạn (lùi) thời gian đóng của vòng thi đã công bố.',
    en: 'A published round’s closing time can only be extended.',
  },
  'round.closed': { status: 409, vi: 'Vòng thi đã đóng.', en: 'The round is closed.' },
  'round.not-published': { status: 409, vi: 'Vòng thi chưa được công bố.', en: 'The round is not published.' },
  'round.question-not-in-round': { status: 404, vi: 'Câu hỏi (phiên bản này) không thuộc vòng thi.', en: 'This question version is not part of the round.' },
  'round.reveal-leaks-key': {
    status: 422,
    vi: 'Vòng thi tính điểm cho phép nhiều lượt làm bài không thể hiện đáp án ngay sau khi nộp (lượt sau sẽ biết trước đáp án).',
    en: 'A ranked round that allows several attempts cannot show the answers right after a submission (the next attempt would know them).',
  },
  // Field messages
  'round.cursor.invalid': { status: 400, vi: 'Con trỏ phân trang không hợp lệ.', en: 'Invalid pagination cursor.' },
  'round.reveal.leaks-key': {
    status: 422,
    vi: "Vòng thi tính điểm cho phép nhiều lượt làm bài không thể hiện đáp án ngay sau khi nộp: chọn 'sau khi vòng thi kết thúc' hoặc chỉ cho phép một lượt.",
    en: "A ranked round with several attempts cannot show the answers right after a submission: choose 'after the round closes' or allow one attempt only.",
  },
  'round.blueprint.cell-short': {
    status: 400,
    vi: 'Ô «{topic} / {difficulty}» cần {needed} câu, ngân hàng chỉ đáp ứng được {available} câu.',
    en: 'Cell «{topic} / {difficulty}» needs {needed} questions; the bank has only {available}.',
  },
  'round.window.invalid': { status: 400, vi: 'Thời gian mở phải trước thời gian đóng.', en: 'The round must open before it closes.' },
  'round.time.offset': {
    status: 400,
    vi: 'Thời gian phải theo ISO-8601 có múi giờ, ví dụ 2026-08-01T10:00:00+07:00.',
    en: 'Times must be ISO-8601 with an offset, e.g. 2026-08-01T10:00:00+07:00.',
  },
  'round.bank.unknown': { status: 400, vi: 'Ngân hàng câu hỏi không tồn tại.', en: 'Unknown question bank.' },
  'round.blueprint.empty': { status: 400, vi: 'Cấu trúc đề phải có từ 1 đến 127 câu hỏi.', en: 'A blueprint has 1 to 127 questions.' },
  'round.ranking.prediction-disabled': {
    status: 400,
    vi: 'Quy tắc xếp hạng dùng câu hỏi dự đoán nhưng vòng thi không bật câu hỏi dự đoán.',
    en: 'The ranking rule uses the prediction but the round has none.',
  },
  'round.ranking.invalid': {
    status: 400,
    vi: 'Quy tắc xếp hạng phải là danh sách không trùng của: points, prediction, duration, submittedAt.',
    en: 'The ranking rule is a list of distinct criteria.',
  },
  'round.key.options': { status: 400, vi: 'Đáp án đúng phải là các phương án của câu hỏi này.', en: 'Correct options must be options of this question.' },
  'round.key.count': {
    status: 400,
    vi: 'Câu một đáp án / Đúng-Sai phải có đúng 1 đáp án đúng.',
    en: 'A single-choice or true/false question has exactly one correct option.',
  },
} satisfies ErrorTable;
