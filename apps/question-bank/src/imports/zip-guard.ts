import { crc32, createInflateRaw } from 'node:zlib';

/**
 * Zip-bomb defence for XLSX uploads, run BEFORE a spreadsheet library inflates anything.
 *
 * exceljs's streaming reader (unzipper's Parse) does not read the central directory: it walks the local file
 * headers from offset 0, one after the other, and inflates whatever it finds. A guard that checks only the
 * directory can therefore be walked around by an entry the directory does not list. So this guard proves that
 * the reader and the directory see the same archive:
 * 1. the End Of Central Directory record ends the file (nothing after it but its own comment), and the
 *    directory it points at is contiguous and ends exactly where the record starts;
 * 2. the local headers, walked from offset 0 exactly as the reader walks them, are the directory's entries in
 *    the same order, at the same offsets, with the same names, methods, sizes and CRCs, and nothing lies before
 *    the first one, between two of them (other than a data descriptor) or between the last one and the
 *    directory;
 * 3. the declared uncompressed sizes are bounded (in total, and per entry against its compressed size);
 * 4. each entry is then inflated with a hard cap equal to its declared size, and must inflate to exactly that
 *    size and CRC — so an archive that lies about sizes costs at most the declared (already bounded) bytes, and
 *    the reader, given the same bytes, cannot inflate more than what was proved here.
 */
export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  /** Largest uncompressed / compressed ratio of one entry (checked for entries above 1 MB). */
  maxRatio: number;
}

export const XLSX_ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalUncompressed: 100 * 1024 * 1024, maxRatio: 100 };

/** `inconsistent`: the local headers (what a streaming reader sees) and the central directory disagree. */
export type ZipProblem = 'not-zip' | 'corrupt' | 'inconsistent' | 'too-many-entries' | 'too-large' | 'ratio' | 'unsupported';

export class ZipGuardError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

interface DirectoryEntry extends ZipEntry {
  nameBytes: Buffer;
}

/** An entry as the local headers show it: where its data lies. */
export interface LocalEntry extends ZipEntry {
  dataOffset: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const FLAG_ENCRYPTED = 0x0001;
/** General-purpose bit 3: CRC and sizes are zero in the local header and follow the data in a descriptor. */
const FLAG_DATA_DESCRIPTOR = 0x0008;
const STORED = 0;
const DEFLATED = 8;
const ZIP64_MARK = 0xffffffff;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LFH;
}

/** The End Of Central Directory record: the last one whose comment ends exactly at the end of the file. */
function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  throw new ZipGuardError('inconsistent', 'no end of central directory record at the end of the file (trailing data?)');
}

/** The entries listed by the central directory, with the declared-size checks (no data is read or inflated). */
export function readCentralDirectory(buf: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): ZipEntry[] {
  return readDirectory(buf, limits).entries.map(({ nameBytes: _, ...e }) => e);
}

function readDirectory(buf: Buffer, limits: ZipLimits): { entries: DirectoryEntry[]; cdOffset: number } {
  if (!isZip(buf)) throw new ZipGuardError('not-zip', 'not a zip archive (no PK\\x03\\x04 signature at offset 0)');
  const eocd = findEocd(buf);
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdSize === ZIP64_MARK || cdOffset === ZIP64_MARK) throw new ZipGuardError('unsupported', 'ZIP64 archives are not accepted');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw new ZipGuardError('unsupported', 'multi-disk archives are not accepted');
  if (total > limits.maxEntries) throw new ZipGuardError('too-many-entries', `${total} entries`);
  // The directory must end exactly where the EOCD record starts: no archive extra data, no gap.
  if (cdOffset + cdSize !== eocd) throw new ZipGuardError('inconsistent', 'central directory does not end at the end record');
  const entries: DirectoryEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  let declared = 0;
  for (let n = 0; n < total; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CDH) throw new ZipGuardError('corrupt', `bad central directory header ${n}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const diskStart = buf.readUInt16LE(p + 34);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > eocd) throw new ZipGuardError('corrupt', `central directory header ${n} runs past the directory`);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const name = nameBytes.toString('utf8');
    if (compressedSize === ZIP64_MARK || uncompressedSize === ZIP64_MARK || localHeaderOffset === ZIP64_MARK)
      throw new ZipGuardError('unsupported', 'ZIP64 entries are not accepted');
    if (diskStart !== 0) throw new ZipGuardError('unsupported', 'multi-disk archives are not accepted');
    if (flags & FLAG_ENCRYPTED) throw new ZipGuardError('unsupported', `entry ${name} is encrypted`);
    if (method !== STORED && method !== DEFLATED) throw new ZipGuardError('unsupported', `compression method ${method}`);
    if (method === STORED && compressedSize !== uncompressedSize) throw new ZipGuardError('corrupt', `stored entry ${name} has two sizes`);
    // Two entries of one name: a reader could take either, so the checked one might not be the one read.
    if (names.has(name)) throw new ZipGuardError('inconsistent', `entry ${name} appears twice`);
    names.add(name);
    declared += uncompressedSize;
    if (declared > limits.maxTotalUncompressed) throw new ZipGuardError('too-large', `declared uncompressed size above ${limits.maxTotalUncompressed} bytes`);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > limits.maxRatio * Math.max(1, compressedSize)) {
      throw new ZipGuardError('ratio', `entry ${name} inflates ${Math.round(uncompressedSize / Math.max(1, compressedSize))}×`);
    }
    entries.push({ name, nameBytes, method, flags, crc, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (p !== eocd) throw new ZipGuardError('inconsistent', 'bytes between the central directory and its end record');
  return { entries, cdOffset };
}

/**
 * The directory, then the local headers walked from offset 0 the way unzipper's Parse walks them, each compared
 * with the directory entry of the same rank. Returns the entries and where their data lies; nothing is inflated.
 */
export function readZipLayout(buf: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): LocalEntry[] {
  const { entries, cdOffset } = readDirectory(buf, limits);
  const out: LocalEntry[] = [];
  let p = 0;
  for (const d of entries) {
    if (p !== d.localHeaderOffset)
      throw new ZipGuardError('inconsistent', `bytes before the local header of ${d.name} (or an entry the directory does not list)`);
    if (p + 30 > cdOffset || buf.readUInt32LE(p) !== LFH) throw new ZipGuardError('inconsistent', `no local header where the directory puts ${d.name}`);
    const flags = buf.readUInt16LE(p + 6);
    const method = buf.readUInt16LE(p + 8);
    const crc = buf.readUInt32LE(p + 14);
    const compressedSize = buf.readUInt32LE(p + 18);
    const uncompressedSize = buf.readUInt32LE(p + 22);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const dataOffset = p + 30 + nameLen + extraLen;
    if (dataOffset > cdOffset) throw new ZipGuardError('inconsistent', `local header of ${d.name} runs into the directory`);
    if (!buf.subarray(p + 30, p + 30 + nameLen).equals(d.nameBytes))
      throw new ZipGuardError('inconsistent', `local header at ${p} names another entry than the directory (${d.name})`);
    if (method !== d.method || (flags & (FLAG_DATA_DESCRIPTOR | FLAG_ENCRYPTED)) !== (d.flags & (FLAG_DATA_DESCRIPTOR | FLAG_ENCRYPTED))) {
      throw new ZipGuardError('inconsistent', `local header of ${d.name} disagrees with the directory on method or flags`);
    }
    let next: number;
    if (flags & FLAG_DATA_DESCRIPTOR) {
      // The reader then finds the end of the data by the first descriptor signature after it (sizes unknown), so
      // the local sizes must be zero, that signature must sit exactly where the directory's size puts it, and the
      // 16-byte descriptor there must repeat the directory's CRC and sizes.
      if (crc !== 0 || compressedSize !== 0 || uncompressedSize !== 0)
        throw new ZipGuardError('inconsistent', `local header of ${d.name} has both sizes and a data descriptor`);
      const end = dataOffset + d.compressedSize;
      if (end + 16 > cdOffset || buf.indexOf(DESCRIPTOR_SIGNATURE, dataOffset) !== end)
        throw new ZipGuardError('inconsistent', `data descriptor of ${d.name} is not where the directory says`);
      if (
        buf.readUInt32LE(end) !== DATA_DESCRIPTOR ||
        buf.readUInt32LE(end + 4) !== d.crc ||
        buf.readUInt32LE(end + 8) !== d.compressedSize ||
        buf.readUInt32LE(end + 12) !== d.uncompressedSize
      ) {
        throw new ZipGuardError('inconsistent', `data descriptor of ${d.name} disagrees with the directory`);
      }
      next = end + 16;
    } else {
      if (crc !== d.crc || compressedSize !== d.compressedSize || uncompressedSize !== d.uncompressedSize) {
        throw new ZipGuardError('inconsistent', `local header of ${d.name} disagrees with the directory on CRC or sizes`);
      }
      next = dataOffset + compressedSize;
      if (next > cdOffset) throw new ZipGuardError('inconsistent', `entry ${d.name} runs into the directory`);
    }
    out.push({
      name: d.name,
      method: d.method,
      flags: d.flags,
      crc: d.crc,
      compressedSize: d.compressedSize,
      uncompressedSize: d.uncompressedSize,
      localHeaderOffset: d.localHeaderOffset,
      dataOffset,
    });
    p = next;
  }
  if (p !== cdOffset) throw new ZipGuardError('inconsistent', 'data between the last entry and the central directory (an entry the directory does not list?)');
  return out;
}

/** Inflates raw deflate data, stopping as soon as it passes `cap` bytes; the loop stays free (zlib's threads). */
function inflateCapped(data: Buffer, cap: number, name: string): Promise<{ size: number; crc: number }> {
  return new Promise((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    let size = 0;
    let crc = 0;
    z.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        reject(new ZipGuardError('too-large', `entry ${name} inflates beyond its declared size`));
        z.destroy();
        return;
      }
      crc = crc32(chunk, crc);
    });
    z.on('error', () => reject(new ZipGuardError('corrupt', `entry ${name} is not valid deflate data`)));
    z.on('end', () => resolve({ size, crc }));
    z.end(data);
  });
}

/**
 * The layout checks, then every entry inflated with its declared size as a hard cap: each must inflate to exactly
 * its declared size and CRC. Throws ZipGuardError; returns the entries when the archive is safe to hand a reader.
 */
export async function assertSafeZip(buf: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): Promise<LocalEntry[]> {
  const entries = readZipLayout(buf, limits);
  for (const e of entries) {
    const data = buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const actual = e.method === STORED ? { size: data.length, crc: crc32(data) } : await inflateCapped(data, e.uncompressedSize, e.name);
    if (actual.size !== e.uncompressedSize || actual.crc >>> 0 !== e.crc >>> 0)
      throw new ZipGuardError('corrupt', `entry ${e.name} does not match its declared size or CRC`);
  }
  return entries;
}
