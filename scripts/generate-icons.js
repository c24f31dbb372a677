#!/usr/bin/env node
// Draws Channel Desk's icons (app icon set and tray states) as PNGs into build/, with no image tools:
// shapes as signed distance functions, anti-aliased by coverage, written with zlib. Re-run after a
// design change: `node scripts/generate-icons.js`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size, size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distances in unit coordinates (negative inside).
const roundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r),
    qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const edge = (px, py, qx, qy) => ((qx - px) * (y - py) - (qy - py) * (x - px)) / Math.hypot(qx - px, qy - py);
  return -Math.min(edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay));
};
const coverage = (d, size) => Math.min(1, Math.max(0, 0.5 - d * size));

/** Paints layers back to front: each is [signed distance, [r, g, b]]. */
function paint(layers, size) {
  let [r, g, b, a] = [0, 0, 0, 0];
  for (const [d, [cr, cg, cb]] of layers) {
    const c = coverage(d, size);
    if (c === 0) continue;
    const na = c + a * (1 - c);
    r = (cr * c + r * a * (1 - c)) / na;
    g = (cg * c + g * a * (1 - c)) / na;
    b = (cb * c + b * a * (1 - c)) / na;
    a = na;
  }
  return [Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)];
}

const BLUE = [22, 119, 255];
const WHITE = [255, 255, 255];
const STATUS = { sending: [250, 173, 20], failures: [255, 77, 79], paused: [140, 140, 140] };

/** A blue tile with a white speech bubble: a notification on its way. */
function appLayers(x, y) {
  const bubble = Math.min(roundRect(x, y, 0.2, 0.24, 0.8, 0.66, 0.1), triangle(x, y, [0.3, 0.6], [0.46, 0.6], [0.27, 0.8]));
  const dots = Math.min(circle(x, y, 0.35, 0.45, 0.048), circle(x, y, 0.5, 0.45, 0.048), circle(x, y, 0.65, 0.45, 0.048));
  return [
    [roundRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.22), BLUE],
    [bubble, WHITE],
    [dots, BLUE],
  ];
}

const appIcon = (x, y, size) => paint(appLayers(x, y), size);

/** The app tile with a status dot in the corner (none when all is well). */
const trayIcon = (state) => (x, y, size) => {
  const layers = appLayers(x, y);
  if (STATUS[state]) {
    layers.push([circle(x, y, 0.76, 0.76, 0.3), WHITE], [circle(x, y, 0.76, 0.76, 0.23), STATUS[state]]);
  }
  return paint(layers, size);
};

mkdirSync(path.join(out, 'icons'), { recursive: true });
writeFileSync(path.join(out, 'icon.png'), png(512, appIcon));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(path.join(out, 'icons', `${size}x${size}.png`), png(size, appIcon));
}
for (const state of ['ok', 'sending', 'failures', 'paused']) {
  writeFileSync(path.join(out, `tray-${state}.png`), png(16, trayIcon(state)));
  writeFileSync(path.join(out, `tray-${state}@2x.png`), png(32, trayIcon(state)));
}
console.log(`icons written to ${out}`);
