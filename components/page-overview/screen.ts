import { html, nothing } from 'lit';
import { dateTime } from '../lib/format.ts';
import { showingText, type NamedPlugin } from '../lib/plugin-names.ts';

/** `GET /api/v3/display/current-status` (and the `display.changed` event's data). */
export interface Screen {
  state: 'starting' | 'showing' | 'idle' | 'off' | 'unknown';
  plugin_id: string | null;
  mode: string | null;
  source: 'rotation' | 'live' | 'on_demand' | null;
  since: string | null;
  until: string | null;
  next: { plugin_id: string; mode: string } | null;
  on_demand_active: boolean;
  is_display_active: boolean;
  last_updated: string | null;
}

const SOURCE_TEXT: Record<NonNullable<Screen['source']>, string> = {
  rotation: 'in the rotation',
  live: 'with live priority',
  on_demand: 'on demand',
};

const STATE_TEXT: Record<Exclude<Screen['state'], 'showing'>, string> = {
  starting: 'The display is starting…',
  idle: 'Nothing to show: no plugin is on, or none has anything to show right now.',
  off: 'The panel is off by its schedule.',
  unknown: 'The display is not running, so what it shows is unknown.',
};

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : '');

/**
 * What is on screen now, since when and until when, and what comes next, by the plugins' names.
 * Shown on demand, it lasts as long as the session: `onDemandUntil` (null: until stopped), never the
 * end of the rotation turn it stands in.
 */
export function screenView(s: Screen, names: ReadonlyMap<string, NamedPlugin>, onDemandUntil?: string | null) {
  const until =
    s.source === 'on_demand'
      ? onDemandUntil
        ? html`<span class="muted">until ${time(onDemandUntil)}</span>`
        : html`<span class="muted">until you stop it</span>`
      : s.until
        ? html`<span class="muted">until ${time(s.until)}</span>`
        : nothing;
  const showing =
    s.state === 'showing' && s.plugin_id
      ? html`<p class="now">
          Showing
          <strong data-testid="on-screen" data-plugin=${s.plugin_id}>${showingText(names, s.plugin_id, s.mode)}</strong>
          ${s.source ? SOURCE_TEXT[s.source] : nothing}
          ${s.since ? html`<span class="muted">since ${time(s.since)}</span>` : nothing} ${until}
        </p>`
      : html`<p class="now" data-screen-state=${s.state}>${STATE_TEXT[s.state as keyof typeof STATE_TEXT]}</p>`;
  return html`${showing}
    <p class="next">
      ${
        s.next
          ? html`Next:
              <strong data-testid="next" data-plugin=${s.next.plugin_id}
                >${showingText(names, s.next.plugin_id, s.next.mode)}</strong
              >`
          : html`<span class="muted">Nothing else is waiting in the rotation.</span>`
      }
    </p>
    ${s.last_updated ? html`<p class="muted small">Reported ${dateTime(s.last_updated)}</p>` : nothing}`;
}
