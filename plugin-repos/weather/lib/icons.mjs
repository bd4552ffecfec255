/**
 * Weather icons drawn for Marquee from discs, rectangles and lines, at any size from about 10
 * pixels. Every shape is clipped to the icon's box, so an icon never draws outside it.
 */

const SUN = [255, 200, 0];
const MOON = [230, 230, 200];
const CLOUD = [200, 200, 210];
const DARK_CLOUD = [120, 120, 140];
const RAIN = [60, 140, 255];
const SNOW = [255, 255, 255];
const BOLT = [255, 230, 0];
const FOG = [150, 150, 160];

function fill(frame, box, x, y, w, h, color) {
  const x0 = Math.max(box.x, Math.round(x));
  const y0 = Math.max(box.y, Math.round(y));
  const x1 = Math.min(box.x + box.size, Math.round(x + w));
  const y1 = Math.min(box.y + box.size, Math.round(y + h));
  if (x1 > x0 && y1 > y0) frame.fillRect(x0, y0, x1 - x0, y1 - y0, color);
}

function disc(frame, box, cx, cy, r, color) {
  for (let dy = -Math.floor(r); dy <= Math.floor(r); dy++) {
    const half = Math.floor(Math.sqrt(r * r - dy * dy));
    fill(frame, box, Math.round(cx) - half, Math.round(cy) + dy, 2 * half + 1, 1, color);
  }
}

function segment(frame, box, x0, y0, x1, y1, color) {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let i = 0; i <= steps; i++)
    fill(frame, box, Math.round(x0 + ((x1 - x0) * i) / steps), Math.round(y0 + ((y1 - y0) * i) / steps), 1, 1, color);
}

function sun(frame, box, cx, cy, size) {
  const r = Math.max(1.5, size * 0.2);
  disc(frame, box, cx, cy, r, SUN);
  if (size < 9) return;
  const inner = r + Math.max(1, size * 0.08);
  const outer = size * 0.46;
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4;
    segment(
      frame,
      box,
      cx + Math.cos(a) * inner,
      cy + Math.sin(a) * inner,
      cx + Math.cos(a) * outer,
      cy + Math.sin(a) * outer,
      SUN,
    );
  }
}

function moon(frame, box, cx, cy, size) {
  const r = size * 0.3;
  disc(frame, box, cx, cy, r, MOON);
  disc(frame, box, cx + r * 0.6, cy - r * 0.45, r * 0.8, [0, 0, 0]);
}

/** A cloud filling a `w × h` area whose top-left corner is (x, y). */
function cloud(frame, box, x, y, w, h, color) {
  disc(frame, box, x + w * 0.3, y + h * 0.62, h * 0.36, color);
  disc(frame, box, x + w * 0.56, y + h * 0.45, h * 0.45, color);
  disc(frame, box, x + w * 0.78, y + h * 0.66, h * 0.32, color);
  fill(frame, box, x + w * 0.3, y + h * 0.62, w * 0.48, h * 0.36, color);
}

function drops(frame, box, y, h, color, kind) {
  const n = box.size >= 20 ? 3 : 2;
  const len = Math.max(1, Math.round(h * 0.5));
  for (let i = 0; i < n; i++) {
    const x = box.x + Math.round((box.size * (i + 1)) / (n + 1));
    const y0 = y + (i % 2) * Math.round(h * 0.35);
    if (kind === 'snow')
      fill(frame, box, x, y0, Math.max(1, Math.round(box.size / 16)), Math.max(1, Math.round(box.size / 16)), SNOW);
    else
      segment(
        frame,
        box,
        x,
        y0,
        x - (kind === 'drizzle' ? 0 : Math.round(len / 2)),
        y0 + (kind === 'drizzle' ? 0 : len),
        color,
      );
  }
}

function bolt(frame, box, y, h) {
  const cx = box.x + box.size * 0.5;
  const w = Math.max(2, box.size * 0.15);
  segment(frame, box, Math.round(cx + w / 2), Math.round(y), Math.round(cx - w / 2), Math.round(y + h * 0.5), BOLT);
  segment(
    frame,
    box,
    Math.round(cx - w / 2),
    Math.round(y + h * 0.5),
    Math.round(cx + w / 2),
    Math.round(y + h * 0.5),
    BOLT,
  );
  segment(
    frame,
    box,
    Math.round(cx + w / 2),
    Math.round(y + h * 0.5),
    Math.round(cx - w / 2),
    Math.round(y + h - 1),
    BOLT,
  );
}

/** Draws the icon of `kind` ('clear', 'partly', 'cloudy', 'fog', 'drizzle', 'rain', 'snow', 'thunder') in a square. */
export function drawIcon(frame, kind, x, y, size, isDay = true) {
  const box = { x: Math.round(x), y: Math.round(y), size: Math.floor(size) };
  const s = box.size;
  const c = (v) => v + (s - 1) / 2;
  if (kind === 'clear') return isDay ? sun(frame, box, c(box.x), c(box.y), s) : moon(frame, box, c(box.x), c(box.y), s);
  if (kind === 'partly') {
    const small = s * 0.62;
    if (isDay) sun(frame, box, box.x + small / 2, box.y + small / 2, small);
    else moon(frame, box, box.x + small / 2, box.y + small / 2, small);
    return cloud(frame, box, box.x + s * 0.2, box.y + s * 0.4, s * 0.8, s * 0.55, CLOUD);
  }
  if (kind === 'fog') {
    cloud(frame, box, box.x, box.y + s * 0.05, s, s * 0.55, FOG);
    for (const f of [0.68, 0.84]) fill(frame, box, box.x + s * 0.1, box.y + s * f, s * 0.8, Math.max(1, s / 16), FOG);
    return;
  }
  if (kind === 'cloudy') return cloud(frame, box, box.x, box.y + s * 0.2, s, s * 0.6, CLOUD);
  cloud(frame, box, box.x, box.y, s, s * 0.62, kind === 'thunder' ? DARK_CLOUD : CLOUD);
  const below = box.y + Math.round(s * 0.66);
  if (kind === 'thunder') return bolt(frame, box, below, s - (below - box.y));
  drops(frame, box, below, s - (below - box.y), RAIN, kind);
}
