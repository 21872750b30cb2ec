import { assertSafeZip, readCentralDirectory, ZipGuardError, XLSX_ZIP_LIMITS } from './zip-guard';
import { inflateRawSync } from 'node:zlib';
import { buildZip, zeroBomb } from './zip-test-files';

const problemOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof ZipGuardError ? e.problem : `other: ${(e as Error).message}`;
  }
};

describe('zip guard', () => {
  it('accepts an honest archive and lists it', () => {
    const zip = buildZip([
      { name: 'a.xml', data: Buffer.from('<a>hello</a>') },
      { name: 'b.xml', data: Buffer.from('x'.repeat(5000)) },
    ]);
    expect(assertSafeZip(zip).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 12],
      ['b.xml', 5000],
    ]);
  });

  it('builds a real bomb: the test archive truly inflates to what it says', () => {
    const bomb = zeroBomb(8);
    expect(bomb.compressed.length).toBeLessThan(64 * 1024);
    expect(inflateRawSync(bomb.compressed).length).toBe(8 * 1024 * 1024);
    expect(assertSafeZip(buildZip([{ name: 'x', raw: bomb }]), { ...XLSX_ZIP_LIMITS, maxRatio: 1e9 })[0].uncompressedSize).toBe(8 * 1024 * 1024);
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

  it('catches a directory that lies about the size, with the inflate capped', () => {
    const zip = buildZip([{ name: 'lie.xml', raw: zeroBomb(20), declaredUncompressed: 1000 }]);
    expect(problemOf(() => readCentralDirectory(zip))).toBeUndefined();
    expect(problemOf(() => assertSafeZip(zip))).toBe('too-large');
  });

  it('refuses too many entries and a truncated file', () => {
    const many = buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('a') })));
    expect(problemOf(() => readCentralDirectory(many, { ...XLSX_ZIP_LIMITS, maxEntries: 10 }))).toBe('too-many-entries');
    expect(problemOf(() => readCentralDirectory(many.subarray(0, many.length - 30)))).toBe('corrupt');
  });
});
