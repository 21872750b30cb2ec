import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Test helper: a zip archive built by hand, optionally lying about sizes (for the zip-bomb tests). */
export interface HandEntry {
  name: string;
  data?: Buffer;
  /** Already deflated data with its real size and CRC (see zeroBomb). */
  raw?: { compressed: Buffer; size: number; crc: number };
  /** Store what the directory declares instead of the truth. */
  declaredUncompressed?: number;
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

export function buildZip(entries: HandEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const compressed = e.raw?.compressed ?? deflateRawSync(data, { level: 9 });
    const size = e.declaredUncompressed ?? e.raw?.size ?? data.length;
    const crc = e.raw?.crc ?? crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(compressed.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(compressed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, compressed);
    centrals.push(cd, name);
    offset += 30 + name.length + compressed.length;
  }
  const cdBuf = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd]);
}
