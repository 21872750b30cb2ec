import type { ErrorTable } from '@hoi-thi/platform';

/** Codes (and field message keys) of banks and questions. */
export const QUESTION_ERRORS = {
  'bank.not-found': { status: 404, vi: 'Không tìm thấy ngân hàng câu hỏi.', en: 'Question bank not found.' },
  'question.not-found': { status: 404, vi: 'Không tìm thấy câu hỏi.', en: 'Question not found.' },
  'question.near-duplicate': {
    status: 409,
    vi: 'Câu hỏi gần trùng với một câu hỏi đã có trong ngân hàng (gửi lại với allowDuplicate=true nếu vẫn muốn thêm).',
    en: 'The question nearly duplicates one already in the bank (send allowDuplicate=true to add it anyway).',
  },
  'question-bank.cursor.invalid': { status: 400, vi: 'Con trỏ phân trang không hợp lệ.', en: 'Invalid pagination cursor.' },
  'question.invalid': { status: 400, vi: 'Câu hỏi không hợp lệ.', en: 'The question is invalid.' },
  // Field messages (keys used in `errors[].message` and in the import report).
  'question.text.empty': { status: 400, vi: 'Nội dung câu hỏi không được để trống.', en: 'The question text is empty.' },
  'question.text.too-long': { status: 400, vi: 'Nội dung câu hỏi dài quá 2000 ký tự.', en: 'The question text is longer than 2000 characters.' },
  'question.kind.invalid': {
    status: 400,
    vi: 'Loại câu hỏi phải là: một đáp án (single), nhiều đáp án (multiple) hoặc đúng/sai (true-false).',
    en: 'Kind must be single, multiple or true-false.',
  },
  'question.topic.empty': { status: 400, vi: 'Chủ đề không được để trống (tối đa 200 ký tự).', en: 'The topic is empty (200 characters at most).' },
  'question.difficulty.invalid': {
    status: 400,
    vi: 'Mức độ phải là: dễ (easy), trung bình (medium) hoặc khó (hard).',
    en: 'Difficulty must be easy, medium or hard.',
  },
  'question.options.count': { status: 400, vi: 'Câu hỏi phải có từ 2 đến 8 phương án.', en: 'A question has 2 to 8 options.' },
  'question.options.empty': { status: 400, vi: 'Phương án không được để trống (tối đa 1000 ký tự).', en: 'An option is empty (1000 characters at most).' },
  'question.options.duplicate': { status: 400, vi: 'Hai phương án có nội dung trùng nhau.', en: 'Two options have the same text.' },
  'question.options.gap': { status: 400, vi: 'Các phương án phải liền nhau (A, B, C…), không bỏ trống ở giữa.', en: 'Options must be contiguous (A, B, C…).' },
  'question.options.unknown-id': { status: 400, vi: 'Mã phương án không thuộc câu hỏi này.', en: 'The option id does not belong to this question.' },
  'question.correct.missing': { status: 400, vi: 'Cần chỉ ra đáp án đúng.', en: 'The correct option is missing.' },
  'question.correct.unknown': {
    status: 400,
    vi: 'Đáp án đúng phải là một trong các phương án đã cho (A–H hoặc 1–8).',
    en: 'The correct answer must be one of the options (A–H or 1–8).',
  },
  'question.correct.single': { status: 400, vi: 'Câu một đáp án phải có đúng 1 đáp án đúng.', en: 'A single-choice question has exactly one correct option.' },
  'question.correct.true-false': {
    status: 400,
    vi: 'Câu Đúng/Sai có đúng 2 phương án và 1 đáp án đúng.',
    en: 'A true/false question has exactly 2 options and one correct.',
  },
  'question.explanation.too-long': { status: 400, vi: 'Lời giải thích dài quá 4000 ký tự.', en: 'The explanation is longer than 4000 characters.' },
  'question.article.too-long': { status: 400, vi: 'Trích dẫn điều, khoản dài quá 500 ký tự.', en: 'The article reference is longer than 500 characters.' },
  'question.image-url.invalid': { status: 400, vi: 'Đường dẫn ảnh phải là địa chỉ http(s) hợp lệ.', en: 'The image URL must be a valid http(s) address.' },
  'question.points.invalid': { status: 400, vi: 'Điểm phải là số nguyên từ 1 đến 100.', en: 'Points must be an integer from 1 to 100.' },
  'question.duplicate-in-bank': {
    status: 400,
    vi: 'Gần trùng với một câu hỏi đã có trong ngân hàng.',
    en: 'Nearly duplicates a question already in the bank.',
  },
  'question.duplicate-in-file': { status: 400, vi: 'Trùng với một dòng phía trên trong tệp.', en: 'Duplicates a row above in the file.' },
} satisfies ErrorTable;
export type QuestionErrorCode = keyof typeof QUESTION_ERRORS;
