import { inflateRawSync } from 'node:zlib';

/**
 * Zip-bomb defence for XLSX uploads, run BEFORE a spreadsheet library inflates anything.
 * 1. Reads the End Of Central Directory record and the central directory itself, and refuses a file whose
 *    declared uncompressed sizes (in total, or per entry against its compressed size) are too large.
 * 2. Then inflates each entry with a hard output cap equal to its declared size, so an archive that lies in its
 *    directory is caught after at most the declared (already bounded) number of bytes.
 */
export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  /** Largest uncompressed / compressed ratio of one entry (checked for entries above 1 MB). */
  maxRatio: number;
}

export const XLSX_ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalUncompressed: 100 * 1024 * 1024, maxRatio: 100 };

export type ZipProblem = 'not-zip' | 'corrupt' | 'too-many-entries' | 'too-large' | 'ratio' | 'unsupported';

export class ZipGuardError extends Error {
  constructor(readonly problem: ZipProblem, message: string) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LFH;
}

/** The entries listed by the central directory (no data is inflated). */
export function readCentralDirectory(buf: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): ZipEntry[] {
  if (!isZip(buf)) throw new ZipGuardError('not-zip', 'not a zip archive (no PK\\x03\\x04 signature)');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipGuardError('corrupt', 'no end of central directory record');
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipGuardError('unsupported', 'ZIP64 archives are not accepted');
  if (total > limits.maxEntries) throw new ZipGuardError('too-many-entries', `${total} entries`);
  if (cdOffset + cdSize > eocd) throw new ZipGuardError('corrupt', 'central directory outside the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let declared = 0;
  for (let n = 0; n < total; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH) throw new ZipGuardError('corrupt', `bad central directory header ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new ZipGuardError('unsupported', 'ZIP64 entries are not accepted');
    declared += uncompressedSize;
    if (declared > limits.maxTotalUncompressed) throw new ZipGuardError('too-large', `declared uncompressed size above ${limits.maxTotalUncompressed} bytes`);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > limits.maxRatio * Math.max(1, compressedSize)) {
      throw new ZipGuardError('ratio', `entry ${name} inflates ${Math.round(uncompressedSize / Math.max(1, compressedSize))}×`);
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Checks the directory, then inflates every entry with its declared size as a hard cap (the real sizes must
 * match what the directory says). Throws ZipGuardError; returns the entries when the archive is safe.
 */
export function assertSafeZip(buf: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): ZipEntry[] {
  const entries = readCentralDirectory(buf, limits);
  for (const e of entries) {
    const h = e.localHeaderOffset;
    if (h + 30 > buf.length || buf.readUInt32LE(h) !== LFH) throw new ZipGuardError('corrupt', `bad local header for ${e.name}`);
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    if (start + e.compressedSize > buf.length) throw new ZipGuardError('corrupt', `entry ${e.name} runs past the end`);
    const data = buf.subarray(start, start + e.compressedSize);
    let actual: number;
    if (e.method === 0) actual = data.length;
    else if (e.method === 8) {
      try {
        actual = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) }).length;
      } catch (err) {
        const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
        throw new ZipGuardError(tooBig ? 'too-large' : 'corrupt', `entry ${e.name} inflates beyond its declared size or is corrupt`);
      }
    } else throw new ZipGuardError('unsupported', `compression method ${e.method}`);
    if (actual !== e.uncompressedSize) throw new ZipGuardError('corrupt', `entry ${e.name} does not match its declared size`);
  }
  return entries;
}
