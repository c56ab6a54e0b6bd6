// Draws build/icon.png (512×512 RGBA) with Node built-ins only: a rounded tile
// with a falling loss curve, the app's theme in one picture. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SS = 4; // supersamples per axis, for smooth edges

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// Loss curve in image coordinates (0..1, y down): a steep fall that flattens, like training.
const curve = (x) => 0.74 - 0.5 * Math.exp(-4.2 * (x - 0.22));
const N = 400;
const X0 = 0.22;
const X1 = 0.82;
const pts = Array.from({ length: N }, (_, i) => {
  const x = X0 + ((X1 - X0) * i) / (N - 1);
  return [x, curve(x)];
});
function distToCurve(x, y) {
  // Only segments within reach in x can be close; the points are evenly spaced in x.
  const reach = 0.04;
  const lo = Math.max(1, Math.floor(((x - reach - X0) / (X1 - X0)) * (N - 1)));
  const hi = Math.min(N - 1, Math.ceil(((x + reach - X0) / (X1 - X0)) * (N - 1)));
  let best = Infinity;
  for (let i = lo; i <= hi; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}
function insideRoundedRect(x, y, r) {
  const m = 0.04;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

function sample(x, y) {
  if (!insideRoundedRect(x, y, 0.18)) return [0, 0, 0, 0];
  // Diagonal gradient: deep indigo → teal.
  const t = (x + y) / 2;
  let c = [40 + 10 * t, 48 + 120 * t, 120 + 40 * t];
  // Axes in a muted tone.
  const axis = (x > 0.15 && x < 0.17 && y > 0.18 && y < 0.84) || (y > 0.82 && y < 0.84 && x > 0.15 && x < 0.86);
  if (axis) c = [190, 215, 235];
  if (distToCurve(x, y) < 0.028) c = [255, 255, 255];
  // The minimum the optimiser reaches: an amber dot at the end of the curve.
  if (Math.hypot(x - 0.82, y - curve(0.82)) < 0.045) c = [255, 190, 60];
  return [c[0], c[1], c[2], 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const s = sample((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        // Premultiplied accumulation keeps transparent corners from darkening the edge.
        acc[0] += s[0] * s[3];
        acc[1] += s[1] * s[3];
        acc[2] += s[2] * s[3];
        acc[3] += s[3];
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    const a = acc[3] / (SS * SS);
    raw[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
    raw[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
    raw[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
    raw[o + 3] = Math.round(a);
  }
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
