/**
 * Lines as LEDMatrix's clients read them (`{logs: <text>}`): one line each, like `journalctl -o
 * short-iso`, naming the unit the line would come from under systemd.
 */
import type { LogLine } from '../platform/log-ring.ts';

const UNIT = { web: 'marquee-web', display: 'marquee-display', plugin: 'marquee-display' } as const;

function fieldText(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(s ?? '') ? JSON.stringify(s) : String(s);
}

export function lineText(l: LogLine): string {
  const where = l.plugin ? `${UNIT[l.source]}[${l.plugin}]` : UNIT[l.source];
  const fields = Object.entries(l.fields).map(([k, v]) => `${k}=${fieldText(v)}`);
  return [l.time, `${where}:`, l.level.toUpperCase(), l.msg, ...fields].join(' ');
}

export const linesText = (lines: readonly LogLine[]): string => lines.map(lineText).join('\n');
