import type { ErrorTable } from '@hoi-thi/platform';

export const IMPORT_ERRORS = {
  'import.file-too-large': { status: 413, vi: 'Tệp quá lớn (tối đa 10 MB).', en: 'The file is too large (10 MB at most).' },
  'import.no-file': { status: 400, vi: 'Chưa gửi tệp (multipart, trường "file").', en: 'No file sent (multipart field "file").' },
  'import.format-unknown': { status: 400, vi: 'Chỉ nhận tệp XLSX hoặc CSV.', en: 'Only XLSX or CSV files are accepted.' },
  'import.not-xlsx': {
    status: 415,
    vi: 'Tệp không phải là bảng tính XLSX thật (có thể là tệp khác bị đổi đuôi).',
    en: 'The file is not a real XLSX workbook (perhaps another file renamed).',
  },
  'import.not-csv': {
    status: 415,
    vi: 'Tệp không phải là văn bản CSV mã UTF-8 (có thể là tệp khác bị đổi đuôi).',
    en: 'The file is not UTF-8 CSV text (perhaps another file renamed).',
  },
  'import.zip-bomb': {
    status: 413,
    vi: 'Tệp XLSX khi giải nén quá lớn hoặc bất thường nên bị từ chối.',
    en: 'The XLSX file inflates to too much data and was refused.',
  },
  'import.zip-inconsistent': {
    status: 422,
    vi: 'Tệp XLSX có cấu trúc bất thường (nội dung nén không khớp với danh mục của tệp, hoặc có dữ liệu thừa) nên bị từ chối. Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại và gửi lại.',
    en: 'The XLSX file has an abnormal structure (its contents do not match its directory, or it carries extra data) and was refused. Open it in Excel or LibreOffice, save it again and resend it.',
  },
  'import.corrupt': { status: 400, vi: 'Tệp bị hỏng hoặc không đọc được.', en: 'The file is corrupt or unreadable.' },
  'import.too-many-rows': {
    status: 413,
    vi: 'Tệp có quá nhiều dòng (tối đa 20.000 câu hỏi mỗi tệp).',
    en: 'Too many rows (20,000 questions per file at most).',
  },
  'import.headers-missing': {
    status: 400,
    vi: 'Thiếu cột bắt buộc ở dòng tiêu đề (xem tệp mẫu).',
    en: 'Required columns are missing from the header row (see the template).',
  },
  'import.column-missing': { status: 400, vi: 'Thiếu cột này ở dòng tiêu đề.', en: 'This column is missing from the header row.' },
  'import.empty': { status: 400, vi: 'Tệp không có dòng câu hỏi nào.', en: 'The file has no question rows.' },
} satisfies ErrorTable;
