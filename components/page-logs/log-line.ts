import { html } from 'lit';

/** One line as `GET /api/v3/logs` and its stream send it. */
export interface LogLine {
  id: number;
  time: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  source: 'web' | 'display' | 'plugin';
  plugin: string | null;
  msg: string;
  fields: Record<string, unknown>;
}

export interface LogFilters {
  level?: string;
  process?: string;
  plugin?: string;
}

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const PROCESSES = [
  { value: 'web', label: 'Web' },
  { value: 'display', label: 'Display' },
  { value: 'plugin', label: 'Plugin hosts' },
] as const;

/** Lines kept on the page; older ones scroll away. */
export const KEEP_LINES = 1_000;

const clock = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
};

const fieldText = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

export function lineView(l: LogLine) {
  const fields = fieldText(l.fields);
  return html`<li data-id=${l.id} data-level=${l.level} data-source=${l.source}>
    <time datetime=${l.time}>${clock(l.time)}</time>
    <span class="level ${l.level}">${l.level}</span>
    <span class="where">${l.plugin ? `${l.source} · ${l.plugin}` : l.source}</span>
    <span class="msg">${l.msg}</span>
    ${fields ? html`<span class="fields">${fields}</span>` : ''}
  </li>`;
}
