import type { Outcome } from '../hosts/messages.ts';
import type { LogBatch } from '../platform/log-ring.ts';
import type { ScreenStatus } from './loop.ts';
import type { RowState, RowWatch } from './row-frames.ts';

/** Messages on the fork channel between web (parent) and display (child). */
export type ToDisplay =
  | { t: 'preview'; on: boolean }
  | { t: 'frame?'; id: number }
  /** How many watch the rows of the Plugins page, and which plugins (null: all). */
  | { t: 'rows'; watchers: number; plugins: string[] | null }
  /** Brightness shown for `forMs` without being saved (a slider being dragged). */
  | { t: 'brightness'; value: number; forMs: number }
  /** One of a plugin's actions, run in its host; answered by `action-result` with the same id. */
  | { t: 'action'; id: number; plugin_id: string; action: string; params: Record<string, unknown> };
export type FromDisplay =
  | { t: 'frame'; id: number | null; width: number; height: number; brightness: number; at: number; rgb: Uint8Array }
  | { t: 'status'; status: ScreenStatus }
  /** A frame of a plugin that is not on screen, for its row (sent only while someone watches). */
  | { t: 'row-frame'; plugin_id: string; width: number; height: number; at: number; rgb: Uint8Array }
  /** Whether each watched plugin can be drawn, or why not. */
  | { t: 'row-states'; states: Record<string, RowState> }
  /** Settings changed that only a new process can apply (panel geometry and wiring). */
  | { t: 'restart'; reason: string }
  /** The display's log lines, for the web process's recent-lines ring. */
  | ({ t: 'logs' } & LogBatch)
  | ({ t: 'action-result'; id: number } & ActionResult);

/** A plugin action's outcome as the web process receives it: its result, or the host's error code and message. */
export type ActionResult = { ok: true; result: unknown } | { ok: false; code: string; error: string };

/** A host's answer to an action as it crosses to the web process (codes: the host's, `HOST_<death>`, `NOT_RUNNING`). */
export function actionResult(out: Outcome): ActionResult {
  if (out.ok) return { ok: true, result: (out.reply as { result?: unknown }).result ?? null };
  return { ok: false, code: out.code ?? (out.lost ? 'HOST_CRASH' : 'PLUGIN_CALL_FAILED'), error: out.error };
}

const noActions: ActionResult = { ok: false, code: 'NOT_RUNNING', error: 'this display runs no plugin actions' };

interface Channel {
  send?: (msg: unknown, handle?: undefined, opts?: object, cb?: (e: Error | null) => void) => boolean;
  on(event: 'message', fn: (m: unknown) => void): unknown;
}

/**
 * The display's side of the fork channel: frames go to web only while web says someone watches,
 * at most `maxFps` a second (the newest frame wins; the last one is always sent), and never more
 * than two in flight, so a slow parent cannot make the display buffer frames.
 */
export function createDisplayIpc(
  channel: Channel,
  o: {
    width: number;
    height: number;
    maxFps: number;
    current(): { rgb: Uint8Array; brightness: number };
    onBrightness?(value: number, forMs: number): void;
    onRows?(watch: RowWatch): void;
    onAction?(pluginId: string, action: string, params: Record<string, unknown>): Promise<ActionResult>;
  },
) {
  let viewers = false;
  let inFlight = 0;
  let lastSent = 0;
  let trailing: NodeJS.Timeout | null = null;
  let pending: { rgb: Uint8Array; brightness: number } | null = null;
  const minGap = 1000 / o.maxFps;

  const send = (msg: FromDisplay) => {
    if (!channel.send) return;
    inFlight += 1;
    channel.send(msg, undefined, {}, () => void (inFlight -= 1));
  };
  const frameMsg = (id: number | null, rgb: Uint8Array, brightness: number): FromDisplay => ({
    t: 'frame',
    id,
    width: o.width,
    height: o.height,
    brightness,
    at: Date.now(),
    rgb: rgb.slice(),
  });

  function flushPending() {
    trailing = null;
    if (!pending || !viewers) return;
    if (inFlight > 2) return void (trailing = setTimeout(flushPending, minGap));
    lastSent = performance.now();
    send(frameMsg(null, pending.rgb, pending.brightness));
    pending = null;
  }

  channel.on('message', (raw) => {
    const m = raw as ToDisplay;
    if (m?.t === 'preview') {
      viewers = m.on;
      if (viewers) ((pending = o.current()), flushPending());
    } else if (m?.t === 'rows') {
      o.onRows?.({ watchers: m.watchers, plugins: m.plugins });
    } else if (m?.t === 'brightness') {
      o.onBrightness?.(m.value, m.forMs);
    } else if (m?.t === 'action') {
      const answer = o.onAction?.(m.plugin_id, m.action, m.params) ?? Promise.resolve(noActions);
      void answer.then((r) => send({ t: 'action-result', id: m.id, ...r }));
    } else if (m?.t === 'frame?') {
      const c = o.current();
      send(frameMsg(m.id, c.rgb, c.brightness));
    }
  });

  return {
    onFrame(rgb: Uint8Array, brightness: number) {
      if (!viewers) return;
      pending = { rgb: rgb.slice(), brightness };
      if (trailing) return;
      const wait = lastSent + minGap - performance.now();
      if (wait <= 0) flushPending();
      else trailing = setTimeout(flushPending, wait);
    },
    onStatus: (status: ScreenStatus) => send({ t: 'status', status }),
    /** A row frame behind a slow parent is dropped: the next one comes a second later. */
    sendRowFrame(pluginId: string, rgb: Uint8Array, at: number) {
      if (inFlight > 2) return;
      send({ t: 'row-frame', plugin_id: pluginId, width: o.width, height: o.height, at, rgb: rgb.slice() });
    },
    sendRowStates: (states: Record<string, RowState>) => send({ t: 'row-states', states }),
    requestRestart: (reason: string) => send({ t: 'restart', reason }),
    // Not counted with the frames in flight: log lines must not hold back the preview.
    // With a callback, a parent that is gone is an error passed here, not an 'error' event that would end the process.
    sendLogs: (batch: LogBatch) =>
      channel.send?.({ t: 'logs', ...batch } satisfies FromDisplay, undefined, {}, () => {}),
    close: () => trailing && clearTimeout(trailing),
  };
}
