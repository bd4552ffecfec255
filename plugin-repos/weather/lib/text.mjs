/**
 * Text layout for first-party plugins: the largest bitmap font (optionally scaled by a whole
 * number) that fits a box, and drawing that never touches a pixel outside the panel, so the
 * render harness sees no off-panel drawing even for text that scrolls. Each plugin folder carries
 * its own copy (a plugin installs on its own); test/first-party keeps the copies identical.
 */

const NATIVE = ['7x13', '6x10', '5x7', '4x6'];
const SCALED = ['7x13', '6x10', '5x7'];
const MAX_SCALE = 8;

const cache = new WeakMap();

/** Every font × scale, tallest first; at equal height the unscaled font wins. */
function candidates(frame) {
  const known = cache.get(frame.font);
  if (known) return known;
  const list = NATIVE.map((name) => ({ font: frame.font(name), scale: 1 }));
  for (let scale = 2; scale <= MAX_SCALE; scale++)
    for (const name of SCALED) list.push({ font: frame.font(name), scale });
  list.sort((a, b) => b.font.height * b.scale - a.font.height * a.scale || a.scale - b.scale);
  cache.set(frame.font, list);
  return list;
}

/** Width and height of `text` in a font at a scale. */
export function measure(text, font, scale = 1) {
  return { width: text.length * font.width * scale, height: font.height * scale };
}

/**
 * The largest font and scale in which `text` fits `maxW × maxH`, or null when not even the
 * smallest does. `fonts` limits the choice to some font names.
 */
export function fit(frame, text, maxW, maxH, fonts) {
  for (const c of candidates(frame)) {
    if (fonts && !fonts.includes(c.font.name)) continue;
    const size = measure(text, c.font, c.scale);
    if (size.width <= maxW && size.height <= maxH) return { text, font: c.font, scale: c.scale, ...size };
  }
  return null;
}

/** The first of `texts` (longest wording first) that fits, in its largest font; else the last one cut to fit. */
export function fitFirst(frame, texts, maxW, maxH) {
  for (const text of texts) {
    const placed = fit(frame, text, maxW, maxH);
    if (placed) return placed;
  }
  return cut(frame, texts[texts.length - 1] ?? '', maxW, maxH);
}

/** `text` in the smallest font, cut to the characters that fit; null when not even its height fits. */
export function cut(frame, text, maxW, maxH) {
  const font = frame.font('4x6');
  if (font.height > maxH || font.width > maxW) return null;
  const shown = text.slice(0, Math.floor(maxW / font.width));
  return { text: shown, font, scale: 1, ...measure(shown, font) };
}

/** The width text may take in a box `width` wide: a margin of 1/32 each side, at least one pixel. */
export const innerWidth = (width) => width - 2 * Math.max(1, Math.floor(width / 32));

/** Draws placed text with its top-left corner at (x, y); pixels outside the panel are skipped. */
export function draw(frame, placed, x, y, color) {
  const { font, scale: s, text } = placed;
  const step = font.width * s;
  x = Math.round(x);
  y = Math.round(y);
  for (let i = 0; i < text.length; i++) {
    const gx = x + i * step;
    if (gx >= frame.width || gx + step <= 0) continue;
    const code = text.charCodeAt(i);
    if (code === DEGREE) {
      degree(frame, font, s, gx, y, color);
      continue;
    }
    const rows = font.rows(code);
    for (let r = 0; r < font.height; r++) {
      const bits = rows[r];
      if (!bits) continue;
      for (let c = 0; c < font.width; c++) if (bits & (0x80 >> c)) block(frame, gx + c * s, y + r * s, s, color);
    }
  }
}

/** The fonts cover ASCII only; a degree sign is drawn as a small ring at the top of its cell. */
const DEGREE = 176;
/** The row digits start at in each font, so the ring lines up with the top of the number. */
const DIGIT_TOP = { '6x10': 1, '7x13': 2 };

function degree(frame, font, s, x, y, color) {
  const k = font.width >= 6 ? 3 : 2;
  const top = DIGIT_TOP[font.name] ?? 0;
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) if (k === 2 || r !== 1 || c !== 1) block(frame, x + c * s, y + (top + r) * s, s, color);
}

function block(frame, x, y, s, color) {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(frame.width, x + s);
  const y1 = Math.min(frame.height, y + s);
  if (x1 > x0 && y1 > y0) frame.fillRect(x0, y0, x1 - x0, y1 - y0, color);
}

/**
 * Lines stacked and centred on the panel (or a box), each in the largest font that fits its share
 * of the height (`weight`, at most `maxHeight` pixels). A line that fits in no font is cut; lines
 * that do not fit at all are dropped from the bottom. Returns whether anything was drawn.
 */
export function stack(frame, lines, box = { x: 0, y: 0, width: frame.width, height: frame.height }) {
  const gap = Math.max(1, Math.floor(box.height / 16));
  const maxW = innerWidth(box.width);
  let shown = lines.filter((l) => l.text);
  for (; shown.length; shown = shown.slice(0, -1)) {
    const total = shown.reduce((n, l) => n + (l.weight ?? 1), 0);
    const room = box.height - gap * (shown.length - 1);
    const placed = shown.map((l) => {
      const share = Math.floor((room * (l.weight ?? 1)) / total);
      return fitFirst(frame, [l.text, ...(l.shorter ?? [])], maxW, Math.min(share, l.maxHeight ?? share));
    });
    if (placed.some((p) => !p)) continue;
    const height = placed.reduce((n, p) => n + p.height, 0) + gap * (placed.length - 1);
    let y = box.y + Math.floor((box.height - height) / 2);
    placed.forEach((p, i) => {
      draw(frame, p, box.x + Math.floor((box.width - p.width) / 2), y, shown[i].color);
      y += p.height + gap;
    });
    return true;
  }
  return false;
}
