import QRCode from 'qrcode';
import { crc32, deflateSync } from 'node:zlib';

const QUIET_ZONE = 4;

/** QR codes for posters: SVG (scales for print). */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: QUIET_ZONE });
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * PNG (about 1024 px, 8-bit greyscale) encoded here from qrcode's module matrix with node:zlib: qrcode's own PNG
 * path (pngjs, pure JS) is slow, and this one is a few milliseconds.
 */
export function qrPng(text: string, targetPx = 1024): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const modules = qr.modules.data;
  const cells = size + 2 * QUIET_ZONE;
  const scale = Math.max(4, Math.floor(targetPx / cells));
  const width = cells * scale;
  const raw = Buffer.alloc((width + 1) * width, 255);
  for (let y = 0; y < width; y++) {
    const row = y * (width + 1);
    raw[row] = 0; // filter: none
    const my = Math.floor(y / scale) - QUIET_ZONE;
    if (my < 0 || my >= size) continue;
    for (let mx = 0; mx < size; mx++) {
      if (!modules[my * size + mx]) continue;
      raw.fill(0, row + 1 + (mx + QUIET_ZONE) * scale, row + 1 + (mx + QUIET_ZONE + 1) * scale);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
