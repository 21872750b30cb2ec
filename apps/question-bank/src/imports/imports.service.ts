import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { ImportRejectionV1, ImportReportV1 } from '@hoi-thi/contracts';
import { Lang, ProblemException } from '@hoi-thi/platform';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { BanksRepository } from '../banks/banks.repository';
import { duplicateKey, searchKey } from '../common/text';
import { buildQuestionContent, QuestionContent } from '../questions/question-rules';
import { NewQuestion, QuestionsRepository } from '../questions/questions.repository';
import { ColumnKey, COLUMNS, contentToRow, mapHeaders, neutralise, OPTION_LETTERS, rowToDraft, toCsv } from './sheet-format';
import { assertSafeZip, isZip, ZipGuardError, ZipProblem } from './zip-guard';
import { QUESTION_BANK_ERRORS, QuestionBankErrorCode, questionBankError } from '../question-bank.errors';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 20_000;

export type SheetFormat = 'xlsx' | 'csv';
export type ImportMode = ImportReportV1['mode'];

/** Sheet cells as text: formulas are read as their text ("=…"), never evaluated (nor their cached result used). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  const o = v as unknown as Record<string, unknown>;
  if (typeof o.formula === 'string') return `=${o.formula}`;
  if (typeof o.sharedFormula === 'string') return `=${o.sharedFormula}`;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if (typeof o.text === 'string') return o.text;
  if (typeof o.error === 'string') return o.error;
  return '';
}

const reportField = (field: string): string => {
  const m = /^options\[(\d+)\]/.exec(field);
  return m ? (OPTION_LETTERS[Number(m[1])] ?? 'options') : field;
};

@Injectable()
export class ImportsService {
  constructor(
    private readonly questions: QuestionsRepository,
    private readonly banks: BanksRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Reads and checks the file, then imports the good rows (or none, in all-or-nothing mode). */
  async import(
    actor: Actor,
    bankId: string,
    file: Buffer,
    format: SheetFormat,
    opts: { mode: ImportMode; allowDuplicates: boolean; lang: Lang },
  ): Promise<ImportReportV1> {
    if (!(await this.banks.get(bankId))) throw questionBankError('bank.not-found');
    const table = format === 'xlsx' ? await readXlsx(file) : readCsv(file);
    if (table.length > MAX_ROWS + 1) throw questionBankError('import.too-many-rows');
    const [headers = [], ...body] = table;
    const { map, missing } = mapHeaders(headers);
    if (missing.length) {
      throw questionBankError(
        'import.headers-missing',
        missing.map((k) => ({ field: COLUMNS.find((c) => c.key === k)!.label, constraint: 'custom', message: 'import.column-missing' })),
      );
    }
    const msg = (key: QuestionBankErrorCode) => QUESTION_BANK_ERRORS.message(key, opts.lang);
    const rejected: ImportRejectionV1[] = [];
    const good: { row: number; content: QuestionContent; dup: string }[] = [];
    const seen = new Map<string, number>();
    let rows = 0;
    body.forEach((cells, i) => {
      const row = i + 2;
      if (cells.every((c) => !c || !c.trim())) return;
      rows++;
      const byKey: Partial<Record<ColumnKey, string>> = {};
      map.forEach((k, col) => k && (byKey[k] = cells[col] ?? ''));
      const { draft, issues: sheetIssues } = rowToDraft(byKey);
      const { content, issues } = buildQuestionContent(draft);
      const all = [...sheetIssues, ...issues.filter((x) => !sheetIssues.some((s) => s.field === 'correct') || !x.key.startsWith('question.correct'))];
      if (all.length || !content) {
        for (const x of all) rejected.push({ row, field: reportField(x.field), message: msg(x.key) });
        return;
      }
      const dup = duplicateKey(content.text);
      if (seen.has(dup) && !opts.allowDuplicates) {
        rejected.push({ row, field: 'text', message: `${msg('question.duplicate-in-file')} (${seen.get(dup)})` });
        return;
      }
      seen.set(dup, row);
      good.push({ row, content, dup });
    });
    if (rows === 0) throw questionBankError('import.empty');

    let imported = 0;
    await this.banks.transaction(async (m) => {
      let accepted = good;
      if (!opts.allowDuplicates && good.length) {
        const found = await this.questions.findNearDuplicates(
          bankId,
          good.map((g) => ({ dup: g.dup, search: searchKey(g.content.text) })),
          null,
          m,
        );
        for (const [i, id] of found) rejected.push({ row: good[i].row, field: 'text', message: `${msg('question.duplicate-in-bank')} (${id})` });
        accepted = good.filter((_, i) => !found.has(i));
      }
      if (opts.mode === 'all-or-nothing' && rejected.length) return;
      const items: NewQuestion[] = accepted.map((g) => ({
        questionId: randomUUID(),
        versionId: randomUUID(),
        content: g.content,
        dup: g.dup,
        search: searchKey(g.content.text),
      }));
      await this.questions.insertMany(m, bankId, items, actor.sub);
      imported = items.length;
      await this.audit.record(
        actor,
        { action: 'bank.import', entityType: 'bank', entityId: bankId, details: { format, mode: opts.mode, rows, imported, rejected: rejected.length } },
        m,
      );
    });
    rejected.sort((a, b) => a.row - b.row);
    return { imported, rejected, rows, mode: opts.mode, committed: imported > 0 || rejected.length === 0 };
  }

  async export(actor: Actor, bankId: string, format: SheetFormat): Promise<Buffer> {
    if (!(await this.banks.get(bankId))) throw questionBankError('bank.not-found');
    const all = await this.questions.allCurrent(bankId);
    await this.audit.record(actor, { action: 'bank.export', entityType: 'bank', entityId: bankId, details: { format, questions: all.length } });
    return writeSheet(
      all.map((q) => contentToRow(q)),
      format,
      false,
    );
  }

  template(format: SheetFormat): Promise<Buffer> {
    return writeSheet(TEMPLATE_ROWS, format, true);
  }
}

const TEMPLATE_ROWS: Record<ColumnKey, string | number>[] = [
  {
    topic: 'Nghị quyết 15-NQ/TW',
    difficulty: 'easy',
    kind: 'single',
    text: 'Bộ Chính trị ban hành Nghị quyết số 15-NQ/TW vào ngày nào?',
    A: 'Ngày 5/5/2022',
    B: 'Ngày 1/8/2022',
    C: 'Ngày 31/8/2022',
    D: '',
    E: '',
    F: '',
    G: '',
    H: '',
    correct: 'A',
    explanation: 'Nghị quyết số 15-NQ/TW được ban hành ngày 5/5/2022.',
    article: 'Nghị quyết 15-NQ/TW',
    imageUrl: '',
    points: 1,
  },
  {
    topic: 'Chuyển đổi số',
    difficulty: 'medium',
    kind: 'multiple',
    text: 'Những nền tảng nào được dùng để tuyên truyền nghị quyết? (chọn tất cả phương án đúng)',
    A: 'Zalo',
    B: 'Facebook',
    C: 'Bưu điện',
    D: '',
    E: '',
    F: '',
    G: '',
    H: '',
    correct: 'A,B',
    explanation: '',
    article: '',
    imageUrl: '',
    points: 1,
  },
  {
    topic: 'Chuyển đổi số',
    difficulty: 'hard',
    kind: 'true-false',
    text: 'Hội thi có hơn 1 triệu lượt người tham gia.',
    A: 'Đúng',
    B: 'Sai',
    C: '',
    D: '',
    E: '',
    F: '',
    G: '',
    H: '',
    correct: 'A',
    explanation: '',
    article: '',
    imageUrl: '',
    points: 1,
  },
];

const GUIDE = [
  'Mỗi dòng là một câu hỏi; dòng đầu là tiêu đề cột (giữ nguyên tên cột, thứ tự cột không quan trọng).',
  'Mức độ: easy/dễ, medium/trung bình, hard/khó. Loại câu: single (một đáp án), multiple (nhiều đáp án), true-false (Đúng/Sai).',
  'Phương án A–H: từ 2 đến 8 phương án, liền nhau. Câu Đúng/Sai để trống A, B thì tự điền "Đúng", "Sai".',
  'Đáp án đúng: chữ cái (A hoặc A,C) hoặc số thứ tự (1 hoặc 1,3). Câu một đáp án và câu Đúng/Sai có đúng một đáp án.',
  'Điểm: số nguyên 1–100 (mặc định 1). Ảnh: đường dẫn http(s) (không bắt buộc).',
  'Ô bắt đầu bằng = + - @ được hệ thống thêm dấu nháy đơn khi xuất tệp; khi nhập, một dấu nháy đơn ở đầu ô được bỏ đi. Công thức không bao giờ được tính.',
  'Giới hạn: tệp 10 MB, 20.000 câu hỏi; CSV mã UTF-8, phân cách bằng dấu phẩy (hoặc chấm phẩy).',
];

async function writeSheet(rows: Record<ColumnKey, string | number>[], format: SheetFormat, withGuide: boolean): Promise<Buffer> {
  const header = COLUMNS.map((c) => c.label);
  const body = rows.map((r) => COLUMNS.map((c) => r[c.key] ?? ''));
  if (format === 'csv') return Buffer.from(`\uFEFF${toCsv([header, ...body])}`, 'utf8');
  // The streaming writer: rows are committed as they are added (a 10,000-question bank stays small in memory).
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('Câu hỏi');
  ws.columns = COLUMNS.map((c, i) => ({ key: c.key, width: i === 3 ? 60 : 18 }));
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.commit();
  for (const r of body) ws.addRow(r.map((v) => (typeof v === 'number' ? v : neutralise(v)))).commit();
  ws.commit();
  if (withGuide) {
    const guide = wb.addWorksheet('Hướng dẫn');
    guide.columns = [{ key: 'line', width: 120 }];
    GUIDE.forEach((line) => guide.addRow([line]).commit());
    guide.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

const ZIP_PROBLEM_CODES: Record<ZipProblem, QuestionBankErrorCode> = {
  'not-zip': 'import.not-xlsx',
  corrupt: 'import.corrupt',
  unsupported: 'import.corrupt',
  inconsistent: 'import.zip-inconsistent',
  'too-many-entries': 'import.zip-bomb',
  'too-large': 'import.zip-bomb',
  ratio: 'import.zip-bomb',
};

/**
 * XLSX → rows of text. The zip is proved (its local headers, which exceljs's streaming reader walks, are the
 * directory's entries; every entry inflates to its bounded declared size) before exceljs sees it.
 */
export async function readXlsx(file: Buffer): Promise<string[][]> {
  if (!isZip(file)) throw questionBankError('import.not-xlsx');
  try {
    const entries = await assertSafeZip(file);
    if (!entries.some((e) => e.name === '[Content_Types].xml')) throw questionBankError('import.not-xlsx');
  } catch (e) {
    if (e instanceof ZipGuardError) throw questionBankError(ZIP_PROBLEM_CODES[e.problem]);
    throw e;
  }
  // The streaming reader with styles and hyperlinks ignored: about twice as fast as Workbook.load, less memory.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  } as never);
  const out: string[][] = [];
  let first = true;
  try {
    for await (const sheet of reader) {
      const rows = sheet as unknown as AsyncIterable<ExcelJS.Row>;
      if (!first) {
        for await (const _ of rows) void _; // the other sheets (e.g. the template's guide) are skipped
        continue;
      }
      first = false;
      for await (const row of rows) {
        if (row.number > MAX_ROWS + 1) throw questionBankError('import.too-many-rows');
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let c = 1; c < Math.min(values.length, 65); c++) cells.push(cellText(values[c]));
        out[row.number - 1] = cells;
      }
    }
  } catch (e) {
    if (e instanceof ProblemException) throw e;
    throw questionBankError('import.corrupt');
  }
  if (first) throw questionBankError('import.empty');
  for (let i = 0; i < out.length; i++) out[i] = out[i] ?? [];
  return out;
}

/** CSV → rows of text. Must be UTF-8 text (a renamed binary is refused); ';' is accepted as the separator. */
export function readCsv(file: Buffer): string[][] {
  if (isZip(file) || file.includes(0)) throw questionBankError('import.not-csv');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw questionBankError('import.not-csv');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, relax_quotes: false }) as string[][];
  } catch {
    throw questionBankError('import.corrupt');
  }
}
