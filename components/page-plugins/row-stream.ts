import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { STREAM_URLS } from '../../shared/events.ts';
import { ReconnectingSource } from '../lib/reconnecting-source.ts';

/** A row's frame as the stream sends it: the plugin, the panel size and the picture as base64 PNG. */
export interface RowFrame {
  plugin_id: string;
  width: number;
  height: number;
  image: string;
}

const isRowFrame = (f: unknown): f is RowFrame =>
  !!f &&
  typeof f === 'object' &&
  typeof (f as RowFrame).plugin_id === 'string' &&
  Number.isInteger((f as RowFrame).width) &&
  Number.isInteger((f as RowFrame).height) &&
  typeof (f as RowFrame).image === 'string';

/**
 * - `unknown`: the stream has not said yet (connecting);
 * - `running`: its host draws it, its row shows its frames;
 * - anything else (`stopped`, `breaker`, `quarantined`, `refused`, `backoff`, `starting`, `absent`:
 *   not run at all, or no display): its row shows its store preview.
 */
export type RowState = string;

const parse = (e: MessageEvent): unknown => {
  try {
    return JSON.parse(String(e.data));
  } catch {
    return null;
  }
};

/**
 * The Plugins page's stream of row frames: open while the page is connected in a visible tab (the
 * display draws plugins off screen only while someone watches), closed when the tab is hidden or
 * the page left. Keeps each plugin's newest frame, so a row that appears (or a plugin that leaves
 * the screen) has a picture at once.
 */
export class RowStream implements ReactiveController {
  private source: ReconnectingSource | null = null;
  private states: Record<string, string> | null = null;
  private readonly latest = new Map<string, RowFrame>();
  private readonly listeners = new Map<string, Set<(f: RowFrame) => void>>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.follow);
    this.follow();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.follow);
    this.close();
  }

  /** What the row of `id` can show. */
  stateOf(id: string): RowState {
    if (!this.states) return 'unknown';
    return this.states[id] ?? 'absent';
  }

  /** Calls `fn` with the plugin's newest frame now (when there is one) and each later one, until the returned function is called. */
  subscribe(id: string, fn: (f: RowFrame) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    const had = this.latest.get(id);
    if (had) fn(had);
    return () => void set.delete(fn);
  }

  private readonly follow = () => {
    if (document.hidden) return this.close();
    if (this.source) return;
    this.source = new ReconnectingSource({
      url: STREAM_URLS.pluginFrames,
      // Refused (signed out, a server error): nothing will be drawn, so every row shows its store preview.
      onStatus: (st) => st.state === 'unavailable' && this.onState({ connected: false, plugins: {} }),
    });
    this.source.listen('state', (e) => this.onState(parse(e)));
    this.source.listen('message', (e) => this.onFrame(parse(e)));
  };

  private close(): void {
    this.source?.close();
    this.source = null;
    this.states = null;
  }

  private onState(s: unknown): void {
    const v = s as { connected?: unknown; plugins?: unknown } | null;
    if (!v || typeof v.plugins !== 'object' || v.plugins === null) return;
    this.states = v.connected === true ? (v.plugins as Record<string, string>) : {};
    this.host.requestUpdate();
  }

  private onFrame(f: unknown): void {
    if (!isRowFrame(f)) return;
    this.latest.set(f.plugin_id, f);
    for (const fn of this.listeners.get(f.plugin_id) ?? []) fn(f);
  }
}
