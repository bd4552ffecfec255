import type { FrameSummary } from '../../shared/frame-timings.ts';
import { html, nothing } from 'lit';
import type { HealthData } from './health-types.ts';

/** What the display reports with its heartbeat (core/app/display.ts). */
interface DisplayInfo {
  width?: number;
  height?: number;
  backend?: string;
  fallback?: string | null;
  restart_required?: boolean;
  frames?: FrameSummary;
}

/** An interval; none measured (nothing moved on screen) reads as a dash, not as "0 ms". */
const ms = (v: number, frames: number) => (frames < 2 || v <= 0 ? '—' : `${Math.round(v * 10) / 10} ms`);

/** The display process: panel, backend, and its frame timings as of its last heartbeat. */
export function displayView(data: HealthData) {
  const check = data.checks.display;
  const info = (check?.info ?? null) as DisplayInfo | null;
  if (!check || !info) return nothing;
  const f = info.frames;
  const rows: Array<[string, string]> = [
    ['Panel', info.width && info.height ? `${info.width} × ${info.height}` : '—'],
    ['Backend', `${info.backend ?? '—'}${info.fallback ? ` (instead of the panel: ${info.fallback})` : ''}`],
  ];
  if (f)
    rows.push(
      ['Frames drawn', String(f.frames)],
      ['Frames sent to the panel', String(f.pushed)],
      ['Frames dropped', String(f.dropped)],
      ['Interval between frames, median', ms(f.p50_ms, f.pushed)],
      ['Interval, 99th percentile', ms(f.p99_ms, f.pushed)],
      ['Interval, longest', ms(f.max_ms, f.pushed)],
      ['Gaps over 50 ms', String(f.gaps_over_50ms)],
    );
  return html`<section aria-labelledby="display-h" data-section="display">
    <h3 id="display-h">Display</h3>
    ${info.restart_required ? html`<p class="degraded">A hardware setting changed: restart Marquee to apply it.</p>` : nothing}
    <dl class="facts">
      ${rows.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd data-fact=${k}>${v}</dd>`,
      )}
    </dl>
    <p class="muted small">
      Counts since the display started; intervals over its latest frames, as of its last heartbeat. A gap over 50 ms in
      an animation is a visible stutter.
    </p>
  </section>`;
}
