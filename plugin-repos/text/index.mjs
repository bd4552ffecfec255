/**
 * Text: one or several messages in turn, each static when it fits the panel and scrolling when it
 * does not (or always, or never), in the largest font that fits or the one chosen.
 */
import { positionAt } from './lib/timeline.mjs';

export const DEFAULTS = {
  messages: ['Hello from Marquee'],
  font: 'auto',
  scroll: 'auto',
  scroll_speed: 30,
  message_seconds: 5,
  color: [255, 255, 255],
  background_color: [0, 0, 0],
};

const FONT_HEIGHT_SHARE = { static: 0.8, scrolling: 0.6 };

export default class Text {
  constructor(ctx) {
    this.ctx = ctx;
    this.onConfigChange(ctx.config);
  }

  onConfigChange(config) {
    this.settings = { ...DEFAULTS, ...config };
    this.layoutFor = null;
  }

  /** Font and scroll decision per message, computed once per panel and settings. */
  layout(frame) {
    if (this.layoutFor === frame.width) return this.items;
    const s = this.settings;
    const messages = (Array.isArray(s.messages) ? s.messages : []).map((m) => String(m ?? '').trim()).filter(Boolean);
    this.items = messages.map((text) => place(frame, text, s));
    this.layoutFor = frame.width;
    return this.items;
  }

  /** One message that fits without scrolling is still; anything else moves at the frame rate. */
  nextFrameIn(info) {
    const items = this.layoutFor === info.width ? (this.items ?? []).filter(Boolean) : null;
    return items && items.length === 1 && !items[0].scrolls ? null : undefined;
  }

  render(frame, info) {
    const s = this.settings;
    const items = this.layout(frame).filter(Boolean);
    if (!items.length) return false;
    const at = positionAt(items, info.elapsedMs, {
      panelWidth: frame.width,
      speed: Math.max(1, Number(s.scroll_speed) || DEFAULTS.scroll_speed),
      holdMs: Math.max(1, Number(s.message_seconds) || DEFAULTS.message_seconds) * 1000,
    });
    if (!at) return false;
    const it = items[at.index];
    if (s.background_color.some((c) => c > 0)) frame.clear(s.background_color);
    const x = at.x ?? Math.floor((frame.width - it.width) / 2);
    frame.drawPlaced(it, x, Math.floor((frame.height - it.height) / 2), s.color);
    return true;
  }
}

/** A message's font and whether it scrolls; null when not even the smallest font fits the height. */
function place(frame, text, s) {
  const fonts = s.font === 'auto' ? undefined : [s.font];
  const margin = Math.max(1, Math.floor(frame.width / 32));
  const whole = frame.fitText(
    text,
    frame.width - 2 * margin,
    Math.floor(frame.height * FONT_HEIGHT_SHARE.static),
    fonts,
  );
  if (whole && s.scroll !== 'always') return { ...whole, scrolls: false };
  const tall = frame.fitText('M', frame.width, Math.floor(frame.height * FONT_HEIGHT_SHARE.scrolling), fonts);
  if (!tall) return null;
  if (s.scroll === 'never') {
    const chars = Math.floor(frame.width / (tall.font.width * tall.scale));
    const shown = text.slice(0, chars);
    return { ...frame.placeText(shown, tall.font, tall.scale), scrolls: false };
  }
  return { ...frame.placeText(text, tall.font, tall.scale), scrolls: true };
}
