import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { qrPng, qrSvg } from './qr';

describe('QR codes', () => {
  it('draws the same modules as qrcode, in a valid greyscale PNG', () => {
    const text = 'https://hoithi.example.vn/contests/d3e0c000-0000-4000-8000-000000000015';
    const png = qrPng(text, 300);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    const idatLen = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe((width + 1) * width);
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const scale = width / (qr.modules.size + 8);
    expect(Number.isInteger(scale)).toBe(true);
    for (const [mx, my] of [
      [0, 0],
      [3, 3],
      [7, 7],
      [qr.modules.size - 1, 0],
      [10, 12],
    ]) {
      const px = raw[(my + 4) * scale * (width + 1) + 1 + (mx + 4) * scale];
      expect(px === 0).toBe(Boolean(qr.modules.data[my * qr.modules.size + mx]));
    }
    expect(raw[1]).toBe(255); // quiet zone
  });

  it('makes an SVG', async () => {
    expect(await qrSvg('x')).toMatch(/^<svg/);
  });
});
