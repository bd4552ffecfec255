import type { FeedRequest, FeedResult } from './frame-feed.ts';
import type { PluginRunner } from './plugin-runner.ts';

/** What row frames need of a plugin runner (plugin-runner.ts). */
export interface RowPlugin {
  readonly id: string;
  /** Loaded, breaker closed, not waiting out a failure. */
  eligible(): boolean;
  modes(): string[];
  /** A frame drawn through the same call, deadline, breaker and CPU account as any render. */
  renderOffScreen(req: FeedRequest): Promise<FeedResult>;
  host(): { key: string; shared: boolean } | null;
  /** The least time between its frames its CPU budget allows (0: no limit). */
  minPeriodMs(): number;
  renderP95Ms(): number;
  /** Whether it can be drawn now, or why not. */
  rowState(): RowState;
}

export interface RowWatch {
  watchers: number;
  /** Plugins someone looks at (null: every running plugin). */
  plugins: readonly string[] | null;
}

/** What a row shows about a plugin whose frames cannot be drawn: why. */
export type RowState = 'running' | 'starting' | 'stopped' | 'backoff' | 'refused' | 'quarantined' | 'breaker';

/** A runner as row frames see it. */
export function rowPluginOf(r: PluginRunner): RowPlugin {
  return {
    id: r.id,
    eligible: r.eligible,
    modes: r.modes,
    renderOffScreen: r.renderOffScreen,
    host: r.host,
    minPeriodMs: () => r.cpu()?.minPeriodMs ?? 0,
    renderP95Ms: () => r.metrics().render.p95_ms,
    rowState(): RowState {
      const phase = r.phase();
      if (phase === 'quarantined') return 'quarantined';
      if (r.breaker().state === 'open') return 'breaker';
      return phase === 'ready' ? 'running' : phase;
    },
  };
}

/**
 * A render this slow, queued in the host of the plugin on screen, could make that plugin's next
 * frame late (frames are asked for 250 ms ahead): such a plugin is not drawn off screen then.
 */
const SHARED_HOST_MAX_RENDER_MS = 50;

/**
 * Frames of the plugins that are not on screen, for the rows of the Plugins page: drawn only while
 * someone watches, about once per `periodMs` per plugin (further apart when its CPU budget says
 * so), one request at a time per plugin, never for the plugin on screen. A frame is asked for the
 * wall time it will be shown at; one arriving later than a period after that is dropped.
 */
export function createRowFrames(o: {
  plugins: () => Iterable<RowPlugin>;
  /** The plugin whose frames the panel shows now (its row shows the panel's own frames). */
  onScreen: () => string | null;
  send: (pluginId: string, rgb: Uint8Array, at: number) => void;
  /** Each watched plugin's state, sent when one changed (and at once when watching begins). */
  sendStates: (states: Record<string, RowState>) => void;
  wallNow: () => number;
  periodMs?: number;
  leadMs?: number;
}) {
  const periodMs = o.periodMs ?? 1_000;
  const leadMs = o.leadMs ?? 250;
  let watch: RowWatch = { watchers: 0, plugins: null };
  interface Slot {
    busy: boolean;
    nextAt: number;
    frameNo: number;
    since: number;
  }
  const slots = new Map<string, Slot>();
  let asked = 0;
  let dropped = 0;
  let lastStates = '';

  function reportStates(list: RowPlugin[]) {
    const states: Record<string, RowState> = {};
    for (const p of list) if (wanted(p.id)) states[p.id] = p.rowState();
    const text = JSON.stringify(states);
    if (text === lastStates) return;
    lastStates = text;
    o.sendStates(states);
  }

  const wanted = (id: string) => watch.watchers > 0 && (watch.plugins === null || watch.plugins.includes(id));

  function mayAsk(p: RowPlugin, screenHost: string | null): boolean {
    if (!p.eligible()) return false;
    const host = p.host();
    if (!host) return false;
    return !(host.shared && host.key === screenHost && p.renderP95Ms() > SHARED_HOST_MAX_RENDER_MS);
  }

  function ask(p: RowPlugin, s: Slot, perf: number) {
    s.busy = true;
    asked += 1;
    const due = o.wallNow() + leadMs;
    const req: FeedRequest = {
      mode: p.modes()[0] ?? p.id,
      now: due,
      frameNo: s.frameNo,
      elapsedMs: perf + leadMs - s.since,
      forceClear: s.frameNo === 0,
    };
    s.frameNo += 1;
    s.nextAt = perf + Math.max(periodMs, p.minPeriodMs());
    void p.renderOffScreen(req).then((r) => {
      s.busy = false;
      if (slots.get(p.id) !== s || !wanted(p.id)) return;
      if (performance.now() > perf + leadMs + periodMs) return void (dropped += 1);
      if (r.ok && r.shown && r.pixels) o.send(p.id, r.pixels, due);
    });
  }

  return {
    /** The web process says how many watch, and which plugins. */
    setWatch(next: RowWatch) {
      watch = next;
      // A new watcher learns the states at the next tick, whether or not they changed.
      lastStates = '';
      if (next.watchers === 0) slots.clear();
    },
    watching: () => watch.watchers > 0,
    /** Asks for what is due; called a few times a second by the display's control tick. */
    tick(perf = performance.now()) {
      if (watch.watchers === 0) return;
      const screen = o.onScreen();
      let screenHost: string | null = null;
      const list = [...o.plugins()];
      reportStates(list);
      const ids = new Set<string>();
      for (const p of list) {
        ids.add(p.id);
        if (p.id === screen) screenHost = p.host()?.key ?? null;
      }
      // A plugin no longer run (switched off) leaves; back again, it starts from a first frame.
      for (const id of slots.keys()) if (!ids.has(id)) slots.delete(id);
      for (const p of list) {
        if (p.id === screen || !wanted(p.id)) continue;
        let s = slots.get(p.id);
        if (!s) slots.set(p.id, (s = { busy: false, nextAt: perf, frameNo: 0, since: perf }));
        if (s.busy || perf < s.nextAt || !mayAsk(p, screenHost)) continue;
        ask(p, s, perf);
      }
    },
    /** Counters for the heartbeat: watchers now, off-screen renders asked for and late ones dropped. */
    stats: () => ({ watchers: watch.watchers, asked, dropped }),
  };
}

export type RowFrames = ReturnType<typeof createRowFrames>;
