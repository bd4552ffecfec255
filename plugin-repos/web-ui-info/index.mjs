/**
 * Web UI info: the address to open Marquee from a phone or laptop on the same network. update()
 * re-reads the network interfaces every few seconds (cheap, no subprocess), so a new DHCP lease or
 * a cable plugged in shows up by itself; the last addresses are cached for the next start.
 */
import os from 'node:os';
import { reachableAt } from './lib/addresses.mjs';

export const DEFAULTS = {
  title: 'Marquee UI',
  show_ipv6: false,
  rotate_seconds: 5,
  title_color: [0, 180, 255],
  address_color: [255, 255, 255],
};

export default class WebUiInfo {
  constructor(ctx) {
    this.ctx = ctx;
    this.settings = { ...DEFAULTS, ...ctx.config };
    this.where = ctx.cache.get('where') ?? null;
  }

  onConfigChange(config) {
    this.settings = { ...DEFAULTS, ...config };
  }

  async update() {
    const web = this.ctx.host.web;
    const where = reachableAt(web.host, os.networkInterfaces(), { ipv6: this.settings.show_ipv6 === true });
    if (JSON.stringify(where) === JSON.stringify(this.where)) return;
    this.ctx.log.info('web UI address changed', { addresses: where.addresses, kind: where.kind });
    this.where = where;
    this.ctx.cache.set('where', where);
  }

  /** Still unless several addresses take turns; a new address (update) redraws it anyway. */
  nextFrameIn(info) {
    if ((this.where?.addresses?.length ?? 0) < 2) return null;
    const turn = Math.max(1, Number(this.settings.rotate_seconds) || DEFAULTS.rotate_seconds) * 1000;
    return turn - (info.elapsedMs % turn);
  }

  render(frame, info) {
    const where = this.where;
    if (!where) return false;
    const s = this.settings;
    const port = this.ctx.host.web.port;
    const title = { text: String(s.title || DEFAULTS.title), color: s.title_color, weight: 1 };
    const line = (text, shorter = []) => ({ text, shorter, color: s.address_color, weight: 1.2 });
    if (where.kind === 'local') return frame.stackText([title, line(`localhost:${port}`), line('this device only')]);
    if (!where.addresses.length) return frame.stackText([title, line('no network yet', ['offline'])]);
    const turn = Math.max(1, Number(s.rotate_seconds) || DEFAULTS.rotate_seconds) * 1000;
    const address = where.addresses[Math.floor(info.elapsedMs / turn) % where.addresses.length];
    const whole = `${address}:${port}`;
    const oneLine = frame.fitText(whole, frame.innerWidth(), Math.floor(frame.height / 2));
    // The address is what matters: the title is never drawn larger than it.
    const lines = oneLine ? [line(whole)] : [line(address), line(`port ${port}`, [`:${port}`])];
    const address1 = frame.fitText(lines[0].text, frame.innerWidth(), frame.height);
    return frame.stackText([{ ...title, maxHeight: address1?.height }, ...lines]);
  }
}
