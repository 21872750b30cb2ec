import { createStore, storage, useStore } from './store';

/** Vietnamese first, English second; the choice is remembered on the device. */
export type Lang = 'vi' | 'en';
const saved = storage.get('ht.lang');
export const langStore = createStore<Lang>(saved === 'en' ? 'en' : 'vi');
export function setLang(lang: Lang): void {
  storage.set('ht.lang', lang);
  document.documentElement.lang = lang;
  langStore.set(lang);
}
if (typeof document !== 'undefined') document.documentElement.lang = langStore.get();

const D = {
  appName: ['Hội Thi', 'Hội Thi'],
  skip: ['Bỏ qua, tới nội dung chính', 'Skip to main content'],
  home: ['Trang chủ', 'Home'],
  language: ['Ngôn ngữ', 'Language'],
  switchLang: ['English', 'Tiếng Việt'],
  largeText: ['Chữ lớn', 'Large text'],
  login: ['Đăng nhập', 'Log in'],
  logout: ['Đăng xuất', 'Log out'],
  logoutEverywhere: ['Đăng xuất trên mọi thiết bị', 'Log out on every device'],
  register: ['Đăng ký', 'Register'],
  loading: ['Đang tải…', 'Loading…'],
  retry: ['Thử lại', 'Retry'],
  back: ['Quay lại', 'Back'],
  save: ['Lưu', 'Save'],
  cancel: ['Huỷ', 'Cancel'],
  create: ['Tạo mới', 'Create'],
  edit: ['Sửa', 'Edit'],
  delete: ['Xoá', 'Delete'],
  search: ['Tìm kiếm', 'Search'],
  close: ['Đóng', 'Close'],
  none: ['Chưa có dữ liệu.', 'Nothing yet.'],
  networkError: ['Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', 'Cannot reach the server. Check the network and retry.'],
  contests: ['Các hội thi', 'Contests'],
  noContests: ['Chưa có hội thi nào được công bố.', 'No contest has been published yet.'],
  open: ['Xem', 'Open'],
  rules: ['Thể lệ', 'Rules'],
  materials: ['Tài liệu tham khảo', 'Study materials'],
  rounds: ['Các vòng thi', 'Rounds'],
  roundUpcoming: ['Sắp mở', 'Upcoming'],
  roundOpen: ['Đang mở', 'Open'],
  roundClosed: ['Đã đóng', 'Closed'],
  opensAt: ['Mở lúc', 'Opens'],
  closesAt: ['Đóng lúc', 'Closes'],
  timeLimit: ['Thời gian làm bài', 'Time limit'],
  minutes: ['{n} phút', '{n} min'],
  attemptsLeft: ['Còn {n} lượt thi', '{n} attempts left'],
  attemptsUnlimited: ['Không giới hạn lượt thi', 'Unlimited attempts'],
  attemptsUsed: ['Đã thi {n} lượt', '{n} attempts used'],
  startAttempt: ['Bắt đầu làm bài', 'Start the test'],
  resumeAttempt: ['Tiếp tục bài đang làm', 'Resume your attempt'],
  loginToTake: ['Đăng nhập để dự thi', 'Log in to take part'],
  noAttemptsLeft: ['Bạn đã hết lượt thi của vòng này.', 'You have no attempts left in this round.'],
  bestResult: ['Kết quả tốt nhất: {c}/{t} câu đúng', 'Best result: {c}/{t} correct'],
  seeResult: ['Xem kết quả', 'See result'],
  // register / login
  registerTitle: ['Đăng ký dự thi', 'Register to take part'],
  fullName: ['Họ và tên', 'Full name'],
  dateOfBirth: ['Ngày sinh', 'Date of birth'],
  phone: ['Số điện thoại', 'Phone number'],
  email: ['Email (không bắt buộc)', 'E-mail (optional)'],
  password: ['Mật khẩu', 'Password'],
  passwordHint: ['Ít nhất 8 ký tự, có chữ và số.', 'At least 8 characters, letters and digits.'],
  citizenId: ['Số CCCD (12 chữ số)', 'Citizen ID (12 digits)'],
  province: ['Tỉnh/Thành phố', 'Province/City'],
  ward: ['Phường/Xã', 'Ward/Commune'],
  unit: ['Đơn vị/Tổ chức', 'Unit/Organisation'],
  category: ['Đối tượng', 'Category'],
  choose: ['— Chọn —', '— Choose —'],
  catPartyMember: ['Đảng viên', 'Party member'],
  catCivilServant: ['Cán bộ, công chức, viên chức', 'Civil servant'],
  catStudent: ['Học sinh, sinh viên', 'Student'],
  catWorker: ['Công nhân, người lao động', 'Worker'],
  catArmedForces: ['Lực lượng vũ trang', 'Armed forces'],
  catOther: ['Khác', 'Other'],
  captcha: ['Mã xác nhận', 'Captcha'],
  captchaHint: ['Nhập các ký tự trong hình', 'Type the characters in the picture'],
  captchaRefresh: ['Đổi mã khác', 'New code'],
  registered: ['Đăng ký thành công. Mời bạn đăng nhập.', 'Registered. Please log in.'],
  fixErrors: ['Vui lòng sửa các mục được đánh dấu.', 'Please fix the marked fields.'],
  loginTitle: ['Đăng nhập', 'Log in'],
  loginField: ['Số điện thoại hoặc email', 'Phone or e-mail'],
  noAccount: ['Chưa có tài khoản?', 'No account yet?'],
  haveAccount: ['Đã có tài khoản?', 'Already registered?'],
  hello: ['Xin chào, {name}', 'Hello, {name}'],
  // profile
  profile: ['Hồ sơ', 'Profile'],
  profileTitle: ['Hồ sơ của tôi', 'My profile'],
  profileLoginFirst: ['Vui lòng đăng nhập để xem hồ sơ.', 'Please log in to see your profile.'],
  profileNextNote: ['Bổ sung các mục hội thi yêu cầu rồi bấm “Lưu hồ sơ” để quay lại hội thi.', 'Add what the contest requires, then press “Save profile” to return to the contest.'],
  profileFixed: ['Số điện thoại và ngày sinh không thay đổi được tại đây.', 'The phone number and date of birth cannot be changed here.'],
  saveProfile: ['Lưu hồ sơ', 'Save profile'],
  profileSaved: ['Đã lưu hồ sơ.', 'Profile saved.'],
  profileSavedBack: ['Đã lưu hồ sơ. Bạn có thể bắt đầu làm bài.', 'Profile saved. You can start now.'],
  updateProfile: ['Cập nhật hồ sơ', 'Update my profile'],
  requiredByContest: ['Hội thi yêu cầu mục này.', 'The contest requires this.'],
  citizenIdOnFile: ['Số CCCD', 'Citizen ID'],
  citizenIdAdminOnly: ['Số CCCD đã được lưu; chỉ quản trị viên mới có thể thay đổi.', 'A citizen ID is on file; only an administrator can change it.'],
  citizenIdOnce: ['Chỉ nhập được một lần; sau đó chỉ quản trị viên mới có thể thay đổi.', 'Can be entered once; after that only an administrator can change it.'],
  recheckingEligibility: ['Đang kiểm tra lại hồ sơ của bạn…', 'Checking your updated profile…'],
  // exam
  question: ['Câu {n}', 'Question {n}'],
  questionOf: ['Câu {n}/{t}', 'Question {n} of {t}'],
  questionStrip: ['Danh sách câu hỏi', 'Questions'],
  timeLeft: ['Thời gian còn lại', 'Time left'],
  prev: ['Câu trước', 'Previous'],
  next: ['Câu sau', 'Next'],
  flag: ['Đánh dấu xem lại', 'Flag for review'],
  unflag: ['Bỏ đánh dấu', 'Remove flag'],
  flagged: ['đã đánh dấu', 'flagged'],
  answered: ['đã trả lời', 'answered'],
  notAnswered: ['chưa trả lời', 'not answered'],
  kindSingle: ['Chọn một đáp án', 'Choose one answer'],
  kindMultiple: ['Chọn tất cả đáp án đúng', 'Choose every correct answer'],
  kindTrueFalse: ['Đúng hay sai?', 'True or false?'],
  saved: ['Đã lưu', 'Saved'],
  saving: ['Đang lưu…', 'Saving…'],
  offline: ['Ngoại tuyến — câu trả lời được giữ trên máy và sẽ gửi lại', 'Offline — answers are kept on this device and will be resent'],
  offlineShort: ['Ngoại tuyến', 'Offline'],
  saveRejected: ['Không lưu được', 'Not saved'],
  pendingCount: ['{n} câu trả lời chờ gửi', '{n} answers waiting to be sent'],
  prediction: ['Câu hỏi dự đoán', 'Prediction question'],
  predictionDefault: ['Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?', 'How many people will answer every question of this round correctly?'],
  predictionLabel: ['Số dự đoán của bạn', 'Your guess'],
  predictionRequired: ['Vui lòng nhập số dự đoán (số không âm).', 'Please enter your guess (a non-negative number).'],
  submit: ['Nộp bài', 'Submit'],
  submitConfirmTitle: ['Nộp bài?', 'Submit?'],
  submitConfirm: ['Bạn đã trả lời {a}/{t} câu. Sau khi nộp, bạn không sửa được bài nữa.', 'You answered {a} of {t}. Once submitted, you cannot change your answers.'],
  submitConfirmYes: ['Nộp bài', 'Submit'],
  submitOffline: ['Đang ngoại tuyến: bài sẽ được nộp khi có mạng trở lại.', 'Offline: the attempt will be submitted when the network returns.'],
  timeUp: ['Hết giờ — bài đã được nộp với các câu trả lời đã lưu.', 'Time is up — the attempt was submitted with the saved answers.'],
  closing: ['Máy chủ đang chốt bài thi của bạn…', 'The server is closing your attempt…'],
  attemptOver: ['Lượt thi này đã kết thúc.', 'This attempt is over.'],
  // result
  resultTitle: ['Kết quả', 'Result'],
  correctOf: ['{c}/{t} câu đúng', '{c}/{t} correct'],
  timeTaken: ['Thời gian làm bài: {d}', 'Time taken: {d}'],
  provisionalRank: ['Xếp hạng tạm thời', 'Provisional rank'],
  rankIs: ['Bạn đứng thứ #{r}', 'You are #{r}'],
  rankOfTotal: ['trong {n} bài thi hợp lệ', 'of {n} valid entries'],
  rankPending: ['Đang tính xếp hạng…', 'Computing your rank…'],
  rankBecause: ['vì:', 'because:'],
  rankReasonCorrect: ['bạn trả lời đúng {c} câu; người xếp trên có nhiều câu đúng hơn hoặc bằng nhưng nhanh hơn', 'you answered {c} correctly; those above you have more correct answers, or as many and were faster'],
  rankReasonTop: ['bạn trả lời đúng {c} câu và chưa ai trả lời đúng nhiều hơn, hoặc bằng mà nhanh hơn bạn', 'you answered {c} correctly and no one has more correct answers, or as many in less time'],
  rankReasonAbove: ['người đứng ngay trên bạn (#{r}) đúng {c} câu trong {d}', 'the one just above you (#{r}) got {c} right in {d}'],
  rankReasonBelow: ['người đứng ngay dưới bạn (#{r}) đúng {c} câu trong {d}', 'the one just below you (#{r}) got {c} right in {d}'],
  rankRule: ['Thứ tự tạm thời: nhiều câu đúng hơn, rồi thời gian ngắn hơn, rồi nộp sớm hơn. Câu dự đoán chỉ được dùng khi chốt kết quả.', 'Provisional order: more correct, then less time, then earlier submission. The prediction counts only at finalization.'],
  around: ['Những người quanh bạn', 'Around you'],
  rank: ['Hạng', 'Rank'],
  name: ['Họ tên', 'Name'],
  correct: ['Đúng', 'Correct'],
  time: ['Thời gian', 'Time'],
  you: ['Bạn', 'You'],
  review: ['Xem lại bài và đáp án', 'Review with answers'],
  reviewNotYet: ['Đáp án sẽ được công bố theo thể lệ (thường sau khi vòng thi đóng).', 'Answers are revealed per the rules (usually after the round closes).'],
  certificate: ['Giấy chứng nhận tham gia', 'Certificate of participation'],
  print: ['In / Lưu PDF', 'Print / Save as PDF'],
  certifies: ['Ban Tổ chức chứng nhận', 'The organizing committee certifies that'],
  tookPart: ['đã tham gia', 'took part in'],
  achieved: ['với kết quả {c}/{t} câu trả lời đúng.', 'answering {c} of {t} correctly.'],
  backToContest: ['Về trang hội thi', 'Back to the contest'],
  yourAnswer: ['Bạn chọn', 'Your answer'],
  correctAnswer: ['Đáp án đúng', 'Correct answer'],
  explanation: ['Giải thích', 'Explanation'],
  // organizer / judge common
  organizer: ['Ban tổ chức', 'Organizer'],
  judge: ['Ban giám khảo', 'Judge'],
  forbidden: ['Bạn không có quyền xem trang này.', 'You are not allowed to see this page.'],
};
export type MessageKey = keyof typeof D;

/** Extra messages registered by a lazily loaded screen (organizer, judge). */
const extra: Record<string, [string, string]> = {};
export function addMessages(m: Record<string, [string, string]>): void {
  Object.assign(extra, m);
}

export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const pair = (D as Record<string, string[]>)[key] ?? extra[key];
  let s = pair ? pair[lang === 'vi' ? 0 : 1] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export type T = (key: MessageKey | string, vars?: Record<string, string | number>) => string;
export function useT(): T {
  const lang = useStore(langStore);
  return (key, vars) => translate(lang, key, vars);
}
export function useLang(): Lang {
  return useStore(langStore);
}

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');
/** 1234 → "1.234" in Vietnamese, "1,234" in English. */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}
/** A time in Asia/Ho_Chi_Minh, the contest's time zone. */
export function formatDateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
}
/** 83_000 ms → "1:23"; over an hour "1:02:03". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Inline pairs for the organizer's and judge's screens (their words stay in their own lazy chunks). */
export function useL(): (vi: string, en: string) => string {
  const lang = useStore(langStore);
  return (vi, en) => (lang === 'vi' ? vi : en);
}

/** A `datetime-local` value read as Asia/Ho_Chi_Minh wall time → ISO with +07:00. */
export function vnLocalToIso(local: string): string {
  if (!local) return '';
  return `${local.length === 16 ? `${local}:00` : local}+07:00`;
}
/** ISO → a `datetime-local` value in Asia/Ho_Chi_Minh wall time. */
export function isoToVnLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
}
