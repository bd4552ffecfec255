import type { FromDisplay, ToDisplay } from '../ipc.ts';
import type { RowState } from '../row-frames.ts';

export type RowFrameMessage = Extract<FromDisplay, { t: 'row-frame' }>;
export type RowStates = Record<string, RowState>;

/** One client of the row frames: the plugins it shows (null: all) and where their frames go. */
export interface RowViewer {
  plugins: ReadonlySet<string> | null;
  frame(f: RowFrameMessage): void;
  states(s: RowStates): void;
}

/**
 * The web side of the Plugins page's row frames: who watches which plugins. The display draws
 * plugins off screen only while this says someone watches (`rows` with the count and the union of
 * the plugins asked for), and is told again on every change and every new display process.
 */
export function createRowWatch(send: (m: ToDisplay) => void) {
  const viewers = new Set<RowViewer>();
  let states: RowStates | null = null;

  function message(): ToDisplay {
    const list = [...viewers];
    const all = list.some((v) => v.plugins === null);
    const plugins = all ? null : [...new Set(list.flatMap((v) => [...v.plugins!]))].sort();
    return { t: 'rows', watchers: list.length, plugins };
  }

  const mine = (v: RowViewer, s: RowStates): RowStates =>
    v.plugins === null ? s : Object.fromEntries(Object.entries(s).filter(([id]) => v.plugins!.has(id)));

  return {
    /** Receives row frames and states until the returned function is called. */
    subscribe(v: RowViewer): () => void {
      viewers.add(v);
      send(message());
      if (states) v.states(mine(v, states));
      return () => {
        if (!viewers.delete(v)) return;
        if (!viewers.size) states = null;
        send(message());
      };
    },
    /** Handles a message of the display that is about rows; false for any other. */
    onMessage(m: FromDisplay): boolean {
      if (m.t === 'row-frame') {
        for (const v of viewers) if (!v.plugins || v.plugins.has(m.plugin_id)) v.frame(m);
        return true;
      }
      if (m.t === 'row-states') {
        states = m.states;
        for (const v of viewers) v.states(mine(v, m.states));
        return true;
      }
      return false;
    },
    /** A new display process: it is told who watches (none, too: it starts with nobody). */
    attached() {
      states = null;
      send(message());
    },
    watchers: () => viewers.size,
  };
}

export type RowWatch = ReturnType<typeof createRowWatch>;
