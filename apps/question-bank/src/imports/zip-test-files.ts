import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Test helper: a zip archive built by hand, optionally lying about sizes (for the zip-bomb tests). */
export interface HandEntry {
  name: string;
  data?: Buffer;
  /** Already deflated data with its real size and CRC (see zeroBomb). */
  raw?: { compressed: Buffer; size: number; crc: number };
  /** Store what the headers (local and directory) declare instead of the truth. */
  declaredUncompressed?: number;
  /** Written as a local entry but left out of the central directory (what a streaming reader still reads). */
  hidden?: boolean;
  /** What the local header alone declares (the directory keeps the truth). */
  localUncompressed?: number;
  /** Sizes and CRC after the data in a data descriptor (general-purpose bit 3), as streaming writers do. */
  descriptor?: boolean;
}

export interface ZipExtras {
  /** Bytes before the first local header. */
  prefix?: Buffer;
  /** Bytes between the last entry and the central directory. */
  beforeDirectory?: Buffer;
  /** Bytes after the end of central directory record. */
  trailing?: Buffer;
}

/**
 * Deflate data that inflates to `mb` MiB of zeros, built cheaply: one fully flushed (byte-aligned, non-final)
 * deflate segment of 1 MiB repeated, then an empty final block. Costs ~1 KB per MiB and no big allocation.
 */
export function zeroBomb(mb: number): { compressed: Buffer; size: number; crc: number } {
  const block = Buffer.alloc(1024 * 1024);
  const segment = deflateRawSync(block, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < mb; i++) crc = crc32(block, crc);
  return { compressed: Buffer.concat([...Array.from({ length: mb }, () => segment), final]), size: mb * 1024 * 1024, crc };
}

export function buildZip(entries: HandEntry[], extras: ZipExtras = {}): Buffer {
  const locals: Buffer[] = extras.prefix ? [extras.prefix] : [];
  const centrals: Buffer[] = [];
  let offset = extras.prefix?.length ?? 0;
  let listed = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const compressed = e.raw?.compressed ?? deflateRawSync(data, { level: 9 });
    const size = e.declaredUncompressed ?? e.raw?.size ?? data.length;
    const crc = e.raw?.crc ?? crc32(data);
    const flags = e.descriptor ? 0x0008 : 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(8, 8);
    if (!e.descriptor) {
      lh.writeUInt32LE(crc >>> 0, 14);
      lh.writeUInt32LE(compressed.length, 18);
      lh.writeUInt32LE(e.localUncompressed ?? size, 22);
    }
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(compressed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    const dd = Buffer.alloc(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc >>> 0, 4);
      dd.writeUInt32LE(compressed.length, 8);
      dd.writeUInt32LE(size, 12);
    }
    locals.push(lh, name, compressed, dd);
    if (!e.hidden) {
      centrals.push(cd, name);
      listed++;
    }
    offset += 30 + name.length + compressed.length + dd.length;
  }
  if (extras.beforeDirectory) {
    locals.push(extras.beforeDirectory);
    offset += extras.beforeDirectory.length;
  }
  const cdBuf = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(listed, 8);
  eocd.writeUInt16LE(listed, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd, ...(extras.trailing ? [extras.trailing] : [])]);
}

/**
 * Puts a local entry at the very start of an existing archive without listing it in the central directory (the
 * directory's offsets are shifted to still point at their entries): the walk-around of a directory-only guard.
 * The archive must have no comment and no ZIP64 records.
 */
export function prependHiddenEntry(zip: Buffer, entry: Omit<HandEntry, 'hidden'>): Buffer {
  const alone = buildZip([{ ...entry, hidden: true }]);
  const local = alone.subarray(0, alone.length - 22); // its local entry only: the directory is empty
  const out = Buffer.concat([local, zip]);
  const eocd = out.length - 22;
  const total = out.readUInt16LE(eocd + 10);
  const cdOffset = out.readUInt32LE(eocd + 16) + local.length;
  out.writeUInt32LE(cdOffset, eocd + 16);
  let p = cdOffset;
  for (let n = 0; n < total; n++) {
    out.writeUInt32LE(out.readUInt32LE(p + 42) + local.length, p + 42);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
