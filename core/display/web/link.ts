import type { ChildProcess } from 'node:child_process';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Logger } from '../../platform/log.ts';
import type { LogBatch } from '../../platform/log-ring.ts';
import type { ActionResult, FromDisplay, ToDisplay } from '../ipc.ts';
import type { ScreenStatus } from '../loop.ts';
import { createRowWatch } from './row-watch.ts';

export type FrameMessage = Extract<FromDisplay, { t: 'frame' }>;
type Viewer = (frame: FrameMessage) => void;

/**
 * Web's side of the channel to the display child: what is on screen (pushed by the display on
 * each change), the current frame on request, and preview frames while at least one viewer is
 * subscribed — the display produces none otherwise.
 */
export function createDisplayLink(log: Logger, opts: { onLogs?: (batch: LogBatch) => void } = {}) {
  let child: ChildProcess | null = null;
  let status: { status: ScreenStatus; at: number } | null = null;
  const viewers = new Set<Viewer>();
  const statusWatchers = new Set<(status: ScreenStatus) => void>();
  const waiting = new Map<number, (f: FrameMessage | null) => void>();
  const actions = new Map<number, (r: ActionResult | null) => void>();
  let seq = 0;
  let restart: ((reason: string) => void) | null = null;

  const send = (m: ToDisplay) => {
    if (child?.connected) child.send(m);
  };
  const rows = createRowWatch(send);

  function onMessage(raw: unknown) {
    const m = raw as FromDisplay;
    if (m && rows.onMessage(m)) return;
    if (m?.t === 'status') {
      status = { status: m.status, at: Date.now() };
      for (const watcher of statusWatchers) watcher(m.status);
    } else if (m?.t === 'restart') restart?.(m.reason);
    else if (m?.t === 'logs') opts.onLogs?.(m);
    else if (m?.t === 'action-result') {
      const { t: _t, id, ...result } = m;
      actions.get(id)?.(result as ActionResult);
      actions.delete(id);
    } else if (m?.t === 'frame') {
      if (m.id !== null) {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      } else for (const v of viewers) v(m);
    }
  }

  return {
    /** `restartChild`: how the supervisor restarts this child when it asks (panel settings changed). */
    attach(proc: ChildProcess, restartChild?: (reason: string) => void) {
      child = proc;
      restart = restartChild ?? null;
      status = null;
      proc.on('message', onMessage);
      proc.once('exit', () => {
        if (child === proc) child = null;
        for (const done of waiting.values()) done(null);
        waiting.clear();
        for (const done of actions.values()) done(null);
        actions.clear();
      });
      if (viewers.size) send({ t: 'preview', on: true });
      rows.attached();
    },
    connected: () => !!child?.connected,
    status: () => status,
    /** The frame on the panel now, straight from the display's memory. */
    async currentFrame(timeoutMs = 1_000): Promise<FrameMessage> {
      if (!child?.connected)
        throw new AppError('SERVICE_UNAVAILABLE', { message: 'The display process is not running under this server' });
      const id = ++seq;
      const frame = await new Promise<FrameMessage | null>((resolve) => {
        const timer = setTimeout(() => (waiting.delete(id), resolve(null)), timeoutMs);
        waiting.set(id, (f) => (clearTimeout(timer), resolve(f)));
        send({ t: 'frame?', id });
      });
      if (!frame) throw new AppError('SERVICE_UNAVAILABLE', { message: 'The display process did not answer' });
      return frame;
    },
    /**
     * Runs one of a plugin's actions in its host, through the display process. Resolves with the
     * display's answer, or null when none came within `timeoutMs` or the display went away.
     */
    async runAction(pluginId: string, action: string, params: Record<string, unknown>, timeoutMs: number) {
      if (!child?.connected)
        throw new AppError('SERVICE_UNAVAILABLE', { message: 'The display process is not running under this server' });
      const id = ++seq;
      return new Promise<ActionResult | null>((resolve) => {
        const timer = setTimeout(() => (actions.delete(id), resolve(null)), timeoutMs);
        actions.set(id, (r) => (clearTimeout(timer), resolve(r)));
        send({ t: 'action', id, plugin_id: pluginId, action, params });
      });
    },
    /** Shows a brightness on the panel for `forMs` without saving it. */
    tryBrightness(value: number, forMs: number): void {
      if (!child?.connected)
        throw new AppError('SERVICE_UNAVAILABLE', { message: 'The display process is not running under this server' });
      send({ t: 'brightness', value, forMs });
    },
    /** Receives preview frames until the returned function is called. */
    subscribe(viewer: Viewer): () => void {
      viewers.add(viewer);
      if (viewers.size === 1) {
        send({ t: 'preview', on: true });
        log.debug('preview on');
      }
      return () => {
        if (!viewers.delete(viewer) || viewers.size) return;
        send({ t: 'preview', on: false });
        log.debug('preview off');
      };
    },
    viewers: () => viewers.size,
    /** Frames of the plugins off screen, for the Plugins page's rows, while subscribed (row-watch.ts). */
    watchRows: rows.subscribe,
    rowWatchers: rows.watchers,
    /** Calls `fn` on every screen change the display pushes, until the returned function is called. */
    watchStatus(fn: (status: ScreenStatus) => void): () => void {
      statusWatchers.add(fn);
      return () => void statusWatchers.delete(fn);
    },
  };
}

export type DisplayLink = ReturnType<typeof createDisplayLink>;
