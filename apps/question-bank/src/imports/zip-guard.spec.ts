import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { assertSafeZip, readCentralDirectory, readZipLayout, ZipGuardError, XLSX_ZIP_LIMITS } from './zip-guard';
import { buildZip, prependHiddenEntry, zeroBomb } from './zip-test-files';

const problemOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof ZipGuardError ? e.problem : `other: ${(e as Error).message}`;
  }
};

const asyncProblemOf = async (f: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await f();
    return undefined;
  } catch (e) {
    return e instanceof ZipGuardError ? e.problem : `other: ${(e as Error).message}`;
  }
};

const honestEntries = () => [
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>') },
];

async function exceljsBuffer(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('S').addRow(['topic', 'text']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The streaming writer (the import template's): it writes data descriptors (general-purpose bit 3). */
async function exceljsStreamed(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => sink.on('end', resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('S');
  ws.addRow(['topic', 'text']).commit();
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

describe('zip guard', () => {
  it('accepts an honest archive and lists it', async () => {
    const zip = buildZip([
      { name: 'a.xml', data: Buffer.from('<a>hello</a>') },
      { name: 'b.xml', data: Buffer.from('x'.repeat(5000)) },
    ]);
    expect((await assertSafeZip(zip)).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 12],
      ['b.xml', 5000],
    ]);
  });

  it('accepts entries whose sizes follow the data in a data descriptor', async () => {
    const zip = buildZip([
      { name: 'a.xml', data: Buffer.from('<a>hello</a>'), descriptor: true },
      { name: 'b.xml', data: Buffer.from('y'.repeat(3000)) },
      { name: 'c.xml', data: Buffer.from('z'.repeat(7000)), descriptor: true },
    ]);
    expect((await assertSafeZip(zip)).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 12],
      ['b.xml', 3000],
      ['c.xml', 7000],
    ]);
  });

  it('accepts the XLSX files exceljs writes, buffered and streamed (with data descriptors)', async () => {
    const buffered = await exceljsBuffer();
    expect((await assertSafeZip(buffered)).some((e) => e.name === 'xl/worksheets/sheet1.xml')).toBe(true);
    const streamed = await exceljsStreamed();
    const entries = await assertSafeZip(streamed);
    expect(entries.some((e) => e.flags & 0x0008)).toBe(true);
    expect(entries.some((e) => e.name === 'xl/worksheets/sheet1.xml')).toBe(true);
  });

  it('builds a real bomb: the test archive truly inflates to what it says', async () => {
    const bomb = zeroBomb(8);
    expect(bomb.compressed.length).toBeLessThan(64 * 1024);
    expect(inflateRawSync(bomb.compressed).length).toBe(8 * 1024 * 1024);
    expect((await assertSafeZip(buildZip([{ name: 'x', raw: bomb }]), { ...XLSX_ZIP_LIMITS, maxRatio: 1e9 }))[0].uncompressedSize).toBe(8 * 1024 * 1024);
  });

  it('refuses something that is not a zip', () => {
    expect(problemOf(() => readCentralDirectory(Buffer.from('topic,text\n')))).toBe('not-zip');
  });

  it('refuses by the directory alone when an entry inflates hundreds of MB (nothing inflated)', () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', raw: zeroBomb(300) }]);
    expect(zip.length).toBeLessThan(1024 * 1024);
    expect(problemOf(() => readCentralDirectory(zip))).toBe('too-large');
  });

  it('refuses a high ratio below the total limit', () => {
    const zip = buildZip([{ name: 'big.xml', raw: zeroBomb(50) }]);
    expect(problemOf(() => readCentralDirectory(zip))).toBe('ratio');
  });

  it('catches headers that lie about the size, with the inflate capped at the declared size', async () => {
    const zip = buildZip([{ name: 'lie.xml', raw: zeroBomb(20), declaredUncompressed: 1000 }]);
    expect(problemOf(() => readZipLayout(zip))).toBeUndefined();
    expect(await asyncProblemOf(() => assertSafeZip(zip))).toBe('too-large');
    const viaDescriptor = buildZip([{ name: 'lie.xml', raw: zeroBomb(20), declaredUncompressed: 1000, descriptor: true }]);
    expect(await asyncProblemOf(() => assertSafeZip(viaDescriptor))).toBe('too-large');
  });

  it('refuses an entry the directory does not list (what a streaming reader would still read)', () => {
    const between = buildZip([honestEntries()[0], { name: 'xl/worksheets/sheet2.xml', raw: zeroBomb(60), hidden: true }, honestEntries()[1]]);
    expect(problemOf(() => readCentralDirectory(between))).toBeUndefined(); // the directory alone looks honest
    expect(problemOf(() => readZipLayout(between))).toBe('inconsistent');
    const last = buildZip([...honestEntries(), { name: 'xl/worksheets/sheet2.xml', data: Buffer.from('<worksheet/>'), hidden: true }]);
    expect(problemOf(() => readZipLayout(last))).toBe('inconsistent');
  });

  it('refuses a real exceljs file with a hidden sheet put before its first entry', async () => {
    const zip = prependHiddenEntry(await exceljsBuffer(), { name: 'xl/worksheets/sheet9.xml', raw: zeroBomb(60) });
    expect(problemOf(() => readCentralDirectory(zip))).toBeUndefined();
    expect(await asyncProblemOf(() => assertSafeZip(zip))).toBe('inconsistent');
  });

  it('refuses a local header whose size disagrees with the directory', () => {
    const zip = buildZip([honestEntries()[0], { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), localUncompressed: 50 * 1024 * 1024 }]);
    expect(problemOf(() => readZipLayout(zip))).toBe('inconsistent');
  });

  it('refuses a data descriptor that is missing, misplaced or disagrees with the directory', () => {
    const good = buildZip([{ name: 'a.xml', data: Buffer.from('<a>hello</a>'), descriptor: true }]);
    expect(problemOf(() => readZipLayout(good))).toBeUndefined();
    const noSignature = Buffer.from(good);
    noSignature.writeUInt32LE(0, noSignature.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08])));
    expect(problemOf(() => readZipLayout(noSignature))).toBe('inconsistent');
    const wrongSize = Buffer.from(good);
    const at = wrongSize.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
    wrongSize.writeUInt32LE(99_999, at + 12);
    expect(problemOf(() => readZipLayout(wrongSize))).toBe('inconsistent');
  });

  it('refuses extra bytes before the first entry, before the directory and after the end record', () => {
    expect(problemOf(() => readZipLayout(buildZip(honestEntries(), { beforeDirectory: Buffer.from('junk') })))).toBe('inconsistent');
    expect(problemOf(() => readZipLayout(buildZip(honestEntries(), { trailing: Buffer.from('junk after the end') })))).toBe('inconsistent');
    // A prefix is refused at once (offset 0 must hold a local header), even one starting with a local signature.
    expect(problemOf(() => readZipLayout(buildZip(honestEntries(), { prefix: Buffer.from('MZ junk') })))).toBe('not-zip');
    const pkPrefix = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    expect(problemOf(() => readZipLayout(buildZip(honestEntries(), { prefix: pkPrefix })))).toBe('inconsistent');
  });

  it('refuses two entries of one name and an entry whose CRC is wrong', async () => {
    const twice = buildZip([honestEntries()[1], honestEntries()[1]]);
    expect(problemOf(() => readZipLayout(twice))).toBe('inconsistent');
    const zip = buildZip([{ name: 'a.xml', data: Buffer.from('<a>hello</a>') }]);
    const badCrc = Buffer.from(zip);
    badCrc.writeUInt32LE(0x12345678, 14); // local
    badCrc.writeUInt32LE(0x12345678, badCrc.length - 22 - 46 - 'a.xml'.length + 16); // directory
    expect(problemOf(() => readZipLayout(badCrc))).toBeUndefined();
    expect(await asyncProblemOf(() => assertSafeZip(badCrc))).toBe('corrupt');
  });

  it('refuses too many entries and a truncated file', () => {
    const many = buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('a') })));
    expect(problemOf(() => readCentralDirectory(many, { ...XLSX_ZIP_LIMITS, maxEntries: 10 }))).toBe('too-many-entries');
    expect(problemOf(() => readCentralDirectory(many.subarray(0, many.length - 30)))).toBe('inconsistent');
  });
});
