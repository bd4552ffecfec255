import { html, nothing } from 'lit';

/** `GET /api/v3/system/status` data, as this page reads it. */
export interface DeviceStatus {
  uptime: string;
  service_active: boolean;
  cpu_percent: number;
  memory_used_percent: number;
  memory_total_mb: number;
  memory_used_mb: number;
  cpu_temp: number | null;
  disk_used_percent: number | null;
  disk_total_gb: number | null;
  disk_used_gb: number | null;
  load_average: number[];
  throttling: Record<string, boolean | string> | null;
  board: string | null;
  versions: { marquee: string; node: string };
  service: { installed: boolean; manager: string | null; reason: string | null };
}

const FLAGS: Array<[string, string]> = [
  ['under_voltage', 'Under-voltage now'],
  ['throttled', 'Throttled now'],
  ['freq_capped', 'CPU frequency capped now'],
  ['soft_temp_limit', 'Soft temperature limit now'],
  ['under_voltage_occurred', 'Under-voltage since boot'],
  ['throttled_occurred', 'Throttled since boot'],
];

function throttlingView(t: DeviceStatus['throttling']) {
  if (!t) return html`<dd class="muted">Not reported (not a Raspberry Pi)</dd>`;
  const raised = FLAGS.filter(([k]) => t[k] === true);
  if (!raised.length) return html`<dd class="ok">None (${t.raw})</dd>`;
  return html`<dd class="degraded" data-flags=${raised.map(([k]) => k).join(' ')}>
    ${raised.map(([, label]) => label).join(', ')} (${t.raw})
  </dd>`;
}

export function statusView(s: DeviceStatus) {
  const disk =
    s.disk_used_percent === null ? '—' : `${s.disk_used_gb} of ${s.disk_total_gb} GB (${s.disk_used_percent} %)`;
  return html`<dl data-section="status">
    <dt>Board</dt>
    <dd>${s.board ?? '—'}</dd>
    <dt>Up for</dt>
    <dd>${s.uptime}</dd>
    <dt>CPU</dt>
    <dd>${s.cpu_percent} % · load ${s.load_average.join(' / ')}</dd>
    <dt>Memory</dt>
    <dd>${s.memory_used_mb} of ${s.memory_total_mb} MB (${s.memory_used_percent} %)</dd>
    <dt>Disk</dt>
    <dd>${disk}</dd>
    <dt>Temperature</dt>
    <dd>${s.cpu_temp === null ? '—' : `${s.cpu_temp} °C`}</dd>
    <dt>Power and throttling</dt>
    ${throttlingView(s.throttling)}
    <dt>Display</dt>
    <dd class=${s.service_active ? 'ok' : 'degraded'}>${s.service_active ? 'Running' : 'Not running'}</dd>
    <dt>Versions</dt>
    <dd>Marquee ${s.versions.marquee} · Node.js ${s.versions.node}</dd>
    <dt>Service</dt>
    <dd>
      ${s.service.installed ? 'Installed (systemd)' : html`Not installed${s.service.reason ? html` <span class="muted">— ${s.service.reason}</span>` : nothing}`}
    </dd>
  </dl>`;
}
