import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { uniq } from '@hoi-thi/testing';
import { crc32, deflateRawSync } from 'node:zlib';
import { buildZip, prependHiddenEntry, zeroBomb } from '../../src/imports/zip-test-files';
import { ADMIN, CONTESTANT, createBank, multipart, ORGANIZER, qbApp, question } from '../helpers';

const HEAD =
  'Chủ đề (topic),Mức độ (difficulty),Loại câu (kind),Câu hỏi (text),Phương án A,Phương án B,Phương án C,Phương án D,Đáp án đúng (correct),Giải thích (explanation),Điều khoản (article),Ảnh (image_url),Điểm (points)';

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// The project's testTimeout is not applied per project by jest 30: these HTTP suites set their own.
jest.setTimeout(120_000); // generous: two jest workers, PostgreSQL, Redis and Chromium share two cores in CI

describe('question-bank: import and export (HTTP)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await qbApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const upload = (bankId: string, name: string, data: Buffer, qs = '', headers: Record<string, string> = ORGANIZER()) => {
    const m = multipart(name, data);
    return app.inject({ method: 'POST', url: `/api/banks/${bankId}/import${qs}`, headers: { ...headers, ...m.headers }, payload: m.payload });
  };
  const count = async (bankId: string) => (await app.inject({ method: 'GET', url: `/api/banks/${bankId}`, headers: ORGANIZER() })).json().questionCount;

  it('imports a good CSV (Vietnamese words, letters, true/false without options)', async () => {
    const bankId = await createBank(app);
    const csv = [
      HEAD,
      `Chủ đề A,dễ,một đáp án,"Câu hỏi một, có dấu phẩy ${uniq()}?",Đúng là A,Sai là B,,,A,Giải thích,Điều 1,,2`,
      `Chủ đề A,trung bình,nhiều đáp án,Câu hỏi hai ${uniq()}?,x,y,z,,"A, C",,,https://example.vn/a.png,`,
      `Chủ đề B,khó,đúng/sai,Câu hỏi ba ${uniq()}.,,,,,2,,,,`,
    ].join('\r\n');
    const res = await upload(bankId, 'cau-hoi.csv', Buffer.from(`\uFEFF${csv}`));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ imported: 3, rejected: [], rows: 3, mode: 'best-effort', committed: true });
    const list = (await app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions`, headers: ORGANIZER() })).json();
    expect(list.items.map((q: { kind: string; points: number }) => [q.kind, q.points])).toEqual([
      ['single', 2],
      ['multiple', 1],
      ['true-false', 1],
    ]);
    expect(list.items[2].options.map((o: { text: string }) => o.text)).toEqual(['Đúng', 'Sai']);
    expect(list.items[2].correctOptionIds).toEqual([list.items[2].options[1].id]);
  });

  it('imports the good rows of a mixed file and reports each bad one as {row, field, message}; all-or-nothing imports none', async () => {
    const bankId = await createBank(app);
    const dupText = `Câu trùng ${uniq()}?`;
    const rows: ExcelJS.CellValue[][] = [
      HEAD.split(','),
      ['T', 'easy', 'single', `Tốt ${uniq()}?`, 'a', 'b', null, null, 'A'],
      ['T', 'rất khó', 'single', `Mức độ sai ${uniq()}?`, 'a', 'b', null, null, 'A'],
      ['T', 'easy', 'single', `Đáp án ngoài ${uniq()}?`, 'a', 'b', null, null, 'D'],
      ['T', 'easy', 'single', `Điểm chữ ${uniq()}?`, 'a', 'b', null, null, 'A', null, null, null, 'mười'],
      ['T', 'easy', 'single', '', 'a', 'a', null, null, 'A'],
      ['T', 'easy', 'multiple', dupText, 'a', 'b', null, null, 'A,B'],
      ['T', 'easy', 'multiple', dupText.toUpperCase(), 'a', 'b', null, null, 'A'],
      ['T', 'easy', 'single', 12345, 'a', 'b', null, null, 1],
      [],
    ];
    const file = await xlsx(rows);
    const strict = await upload(bankId, 'hon-hop.xlsx', file, '?mode=all-or-nothing');
    expect(strict.statusCode).toBe(201);
    expect(strict.json()).toMatchObject({ imported: 0, committed: false, mode: 'all-or-nothing' });
    expect(await count(bankId)).toBe(0);

    const res = await upload(bankId, 'hon-hop.xlsx', file);
    const body = res.json();
    expect(body.imported).toBe(3);
    expect(body.rows).toBe(8);
    expect(body.rejected).toEqual([
      { row: 3, field: 'difficulty', message: 'Mức độ phải là: dễ (easy), trung bình (medium) hoặc khó (hard).' },
      { row: 4, field: 'correct', message: 'Đáp án đúng phải là một trong các phương án đã cho (A–H hoặc 1–8).' },
      { row: 5, field: 'points', message: 'Điểm phải là số nguyên từ 1 đến 100.' },
      { row: 6, field: 'text', message: 'Nội dung câu hỏi không được để trống.' },
      { row: 6, field: 'B', message: 'Hai phương án có nội dung trùng nhau.' },
      { row: 8, field: 'text', message: 'Trùng với một dòng phía trên trong tệp. (7)' },
    ]);
    expect(await count(bankId)).toBe(3);
    // Importing the same file again: every good row is now a near-duplicate of the bank.
    const again = await upload(bankId, 'hon-hop.xlsx', file);
    expect(again.json().imported).toBe(0);
    expect(again.json().rejected.filter((r: { message: string }) => r.message.startsWith('Gần trùng'))).toHaveLength(3);
    const forced = await upload(bankId, 'hon-hop.xlsx', file, '?allowDuplicates=true');
    expect(forced.json().imported).toBe(4); // the 3 good rows again, and row 8 (a duplicate of row 7) too
    const en = await upload(bankId, 'hon-hop.xlsx', file, '', { ...ORGANIZER(), 'accept-language': 'en' });
    expect(en.json().rejected.find((r: { row: number }) => r.row === 3).message).toBe('Difficulty must be easy, medium or hard.');
  });

  it('reads formula cells as their text and never runs them', async () => {
    const bankId = await createBank(app);
    const file = await xlsx([
      HEAD.split(','),
      ['T', 'easy', 'single', { formula: 'HYPERLINK("http://evil.example","bấm")', result: 'bấm' }, 'a', { formula: '1+1', result: 2 }, null, null, 'A'],
      ['T', 'easy', 'single', `Câu có đáp án công thức ${uniq()}?`, 'a', 'b', null, null, { formula: 'CHAR(65)', result: 'A' }],
    ]);
    const res = await upload(bankId, 'cong-thuc.xlsx', file);
    expect(res.json().imported).toBe(1);
    expect(res.json().rejected).toEqual([{ row: 3, field: 'correct', message: 'Đáp án đúng phải là một trong các phương án đã cho (A–H hoặc 1–8).' }]);
    const q = (await app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions`, headers: ORGANIZER() })).json().items[0];
    expect(q.text).toBe('=HYPERLINK("http://evil.example","bấm")');
    expect(q.options[1].text).toBe('=1+1');
    // …and exported neutralised, so a spreadsheet shows it as text.
    const csv = await app.inject({ method: 'GET', url: `/api/banks/${bankId}/export?format=csv`, headers: ORGANIZER() });
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm"")"`);
    expect(csv.body).toContain(`'=1+1`);
  });

  it('refuses a zip bomb quickly and cheaply, whether the directory tells the truth or lies', async () => {
    const bankId = await createBank(app);
    const honest = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', raw: zeroBomb(300) },
    ]);
    expect(honest.length).toBeLessThan(1024 * 1024);
    const a = await upload(bankId, 'bom.xlsx', honest);
    expect([a.statusCode, a.json().code]).toEqual([413, 'import.zip-bomb']);
    const liar = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', raw: zeroBomb(40), declaredUncompressed: 4096 },
    ]);
    const b = await upload(bankId, 'bom2.xlsx', liar);
    expect([b.statusCode, b.json().code]).toEqual([413, 'import.zip-bomb']);
    expect(b.json().detail).toMatch(/giải nén/);
    expect(await count(bankId)).toBe(0);
  });

  it('refuses an XLSX with a 60 MB sheet its directory does not list, and imports nothing (the old guard let it through)', async () => {
    const bankId = await createBank(app);
    // A real exceljs workbook with only the header row, and before its first entry a sheet that is in no
    // directory: inline-string cells (a header and one good question), padded to inflate past 60 MB.
    const decoy = await xlsx([HEAD.split(',')]);
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const row = (n: number, cells: string[]) => `<row r="${n}">${cells.map((t, i) => cell(`${String.fromCharCode(65 + i)}${n}`, t)).join('')}</row>`;
    const sheet = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`),
      Buffer.from(row(1, HEAD.split(','))),
      Buffer.alloc(60 * 1024 * 1024, 0x20),
      Buffer.from(row(2, ['T', 'easy', 'single', `Câu hỏi giấu ${uniq()}?`, 'a', 'b', '', '', 'A'])),
      Buffer.from('</sheetData></worksheet>'),
    ]);
    const compressed = deflateRawSync(sheet, { level: 1 });
    const file = prependHiddenEntry(decoy, { name: 'xl/worksheets/sheet9.xml', raw: { compressed, size: sheet.length, crc: crc32(sheet) } });
    expect(file.length).toBeLessThan(1024 * 1024);
    const res = await upload(bankId, 'an-giau.xlsx', file);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'import.zip-inconsistent' });
    expect(res.json().detail).toMatch(/không khớp/);
    expect(await count(bankId)).toBe(0);
    // The same workbook without the hidden sheet imports as before (headers only: no question rows).
    const plain = await upload(bankId, 'mau.xlsx', decoy);
    expect([plain.statusCode, plain.json().code]).toEqual([400, 'import.empty']);
  });

  it('refuses a file that is not what it claims', async () => {
    const bankId = await createBank(app);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const renamedPng = await upload(bankId, 'cau-hoi.xlsx', png);
    expect([renamedPng.statusCode, renamedPng.json().code]).toEqual([415, 'import.not-xlsx']);
    const realXlsx = await xlsx([HEAD.split(',')]);
    const xlsxAsCsv = await upload(bankId, 'cau-hoi.csv', realXlsx);
    expect([xlsxAsCsv.statusCode, xlsxAsCsv.json().code]).toEqual([415, 'import.not-csv']);
    const binaryCsv = await upload(bankId, 'cau-hoi.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]));
    expect([binaryCsv.statusCode, binaryCsv.json().code]).toEqual([415, 'import.not-csv']);
    const plainZip = await upload(bankId, 'cau-hoi.xlsx', buildZip([{ name: 'readme.txt', data: Buffer.from('hi') }]));
    expect([plainZip.statusCode, plainZip.json().code]).toEqual([415, 'import.not-xlsx']);
    const unknown = await upload(bankId, 'cau-hoi.docx', Buffer.from('x'));
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'import.format-unknown']);
    const noHeaders = await upload(bankId, 'x.csv', Buffer.from('chủ đề,câu hỏi\nA,B\n'));
    expect(noHeaders.statusCode).toBe(400);
    expect(noHeaders.json().errors.map((e: { field: string }) => e.field)).toEqual(['Mức độ (difficulty)', 'Loại câu (kind)', 'Đáp án đúng (correct)']);
    const notMultipart = await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/import`,
      headers: { ...ORGANIZER(), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(notMultipart.json().code).toBe('import.no-file');
    expect(await count(bankId)).toBe(0);
  });

  it('answers a 50 MB upload 413 (problem+json) without reading it, and refuses too many rows', async () => {
    const bankId = await createBank(app);
    const res = await upload(bankId, 'lon.csv', Buffer.alloc(50 * 1024 * 1024, 0x41));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'import.file-too-large', detail: 'Tệp quá lớn (tối đa 10 MB).' });
    const many = [HEAD, ...Array.from({ length: 20_001 }, (_, i) => `T,easy,single,Q${i},a,b,,,A,,,,`)].join('\n');
    const tooMany = await upload(bankId, 'nhieu.csv', Buffer.from(many));
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([413, 'import.too-many-rows']);
  });

  it('serves the documented template in both formats, and the template imports', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const t = await app.inject({ method: 'GET', url: `/api/banks/import-template?format=${format}`, headers: ORGANIZER() });
      expect(t.statusCode).toBe(200);
      expect(t.headers['content-disposition']).toContain(`mau-cau-hoi.${format}`);
      const bankId = await createBank(app);
      const res = await upload(bankId, `mau.${format}`, t.rawPayload);
      expect([format, res.json().imported, res.json().rejected]).toEqual([format, 3, []]);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await app.inject({ method: 'GET', url: '/api/banks/import-template', headers: ADMIN() })).rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Câu hỏi', 'Hướng dẫn']);
  });

  it('exports to XLSX and CSV (formula starters neutralised) and imports back the same bank', async () => {
    const source = await createBank(app);
    const tricky = [
      question({
        text: `=SUM(A1:A9) là gì ${uniq()}?`,
        options: [{ text: '+84 là mã', correct: true }, { text: '-5 độ' }, { text: '@mention' }, { text: "'trích'" }],
      }),
      question({
        kind: 'multiple',
        text: `Chọn nhiều "đáp án", có dấu phẩy\nvà xuống dòng ${uniq()}`,
        options: [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c' }],
        points: 3,
        imageUrl: 'https://example.vn/h.png',
      }),
      question({
        kind: 'true-false',
        text: `\tCâu đúng sai ${uniq()}.`,
        options: [{ text: 'Đúng' }, { text: 'Sai', correct: true }],
        difficulty: 'hard',
        explanation: null,
        article: null,
      }),
    ];
    for (const q of tricky)
      expect((await app.inject({ method: 'POST', url: `/api/banks/${source}/questions`, headers: ORGANIZER(), payload: q })).statusCode).toBe(201);
    const strip = (items: Record<string, unknown>[]) =>
      items.map((q) => {
        const options = q.options as { id: string; text: string }[];
        return {
          kind: q.kind,
          text: q.text,
          topic: q.topic,
          difficulty: q.difficulty,
          explanation: q.explanation,
          article: q.article,
          imageUrl: q.imageUrl,
          points: q.points,
          options: options.map((o) => o.text),
          correct: options.filter((o) => (q.correctOptionIds as string[]).includes(o.id)).map((o) => o.text),
        };
      });
    const original = strip((await app.inject({ method: 'GET', url: `/api/banks/${source}/questions`, headers: ORGANIZER() })).json().items);
    expect(String(original[2].text).startsWith('Câu')).toBe(true); // a leading tab is trimmed on save

    for (const format of ['xlsx', 'csv'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/api/banks/${source}/export?format=${format}`, headers: ORGANIZER() });
      expect(exported.statusCode).toBe(200);
      if (format === 'csv') {
        expect(exported.body).toContain(`'=SUM(A1:A9)`);
        expect(exported.body).toContain(`'+84 là mã`);
        expect(exported.body).toContain(`'-5 độ`);
        expect(exported.body).toContain(`'@mention`);
        expect(exported.body).not.toMatch(/(^|,)[=+@-]/m);
      } else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
        const cells = wb.worksheets[0].getRow(2).values as unknown[];
        expect(String(cells[4]).startsWith("'=SUM(A1:A9)")).toBe(true);
        expect([cells[5], cells[6], cells[7]]).toEqual(["'+84 là mã", "'-5 độ", "'@mention"]);
      }
      const target = await createBank(app);
      const res = await upload(target, `xuat.${format}`, exported.rawPayload);
      expect([format, res.json().imported, res.json().rejected]).toEqual([format, 3, []]);
      const back = strip((await app.inject({ method: 'GET', url: `/api/banks/${target}/questions`, headers: ORGANIZER() })).json().items);
      expect(back).toEqual(original);
    }
  });

  it('is for organizers only', async () => {
    const bankId = await createBank(app);
    const res = await upload(bankId, 'a.csv', Buffer.from(HEAD), '', CONTESTANT());
    expect(res.statusCode).toBe(403);
    const none = multipart('a.csv', Buffer.from(HEAD));
    expect((await app.inject({ method: 'POST', url: `/api/banks/${bankId}/import`, headers: none.headers, payload: none.payload })).statusCode).toBe(401);
  });
});
