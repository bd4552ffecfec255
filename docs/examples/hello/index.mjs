/** The smallest complete Marquee plugin: settings, a mode, and a render() that fits any panel. */
const FONTS = ['7x13', '6x10', '5x7', '4x6'];

export default class Hello {
  constructor(ctx) {
    this.onConfigChange(ctx.config);
  }

  // Called when the user saves new settings; no restart needed.
  onConfigChange(config) {
    this.name = config.name ?? 'world';
    this.color = config.color ?? [255, 180, 0];
  }

  render(frame) {
    if (!this.name) return false; // nothing to show: the rotation moves on at once
    let text = `Hello, ${this.name}!`;
    // The largest font in which the greeting fits; else the smallest, with the text cut to fit.
    const font = FONTS.find((f) => frame.measureText(text, { font: f }).width <= frame.width) ?? '4x6';
    const { width, height } = frame.measureText('M', { font });
    text = text.slice(0, Math.floor(frame.width / width));
    frame.text(text, frame.width / 2, Math.floor((frame.height - height) / 2), this.color, { font, align: 'center' });
    return true;
  }
}
