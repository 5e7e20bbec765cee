// Draws the toolbar icon (a lens over a process bar) as PNGs in public/icon/. Run once after
// changing the design: `node tests/tools/make-icons.mjs`. No image library needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function icon(size) {
  const px = Buffer.alloc(size * (size * 4 + 1));
  const s = size / 128;
  for (let y = 0; y < size; y++) {
    px[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // Supersample 4x4 for smooth edges.
      let lens = 0,
        handle = 0,
        bar = 0;
      for (let i = 0; i < 16; i++) {
        const fx = (x + ((i % 4) + 0.5) / 4) / s,
          fy = (y + (Math.floor(i / 4) + 0.5) / 4) / s;
        const d = Math.hypot(fx - 54, fy - 54);
        if (d > 30 && d < 42) lens++;
        else if (d <= 30 && fy > 46 && fy < 62 && fx > 36 && fx < 72) bar++;
        const t = (fx - 82 + (fy - 82)) / 2;
        const off = Math.abs(fx - 82 - (fy - 82)) / Math.SQRT2;
        if (t > -4 && t < 30 && off < 9) handle++;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const [r, g, b, a] =
        bar > 0
          ? [234, 88, 12, (bar / 16) * 255]
          : lens + handle > 0
            ? [11, 92, 173, (Math.min(16, lens + handle) / 16) * 255]
            : [0, 0, 0, 0];
      px[o] = r;
      px[o + 1] = g;
      px[o + 2] = b;
      px[o + 3] = Math.round(a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128])
  writeFileSync(new URL(`../../public/icon/${size}.png`, import.meta.url), icon(size));
console.log('icons written to public/icon/');
