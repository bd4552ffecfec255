import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../types.ts';
import { encodePng } from '../../render/png.ts';
import type { RowFrameMessage, RowStates } from '../../display/web/row-watch.ts';

const HEARTBEAT_MS = 15_000;

/** One row's frame: the plugin, the frame as a base64 PNG at the panel's size, and its time. */
export function rowFrameEvent(f: RowFrameMessage): string {
  return JSON.stringify({
    plugin_id: f.plugin_id,
    timestamp: new Date(f.at).toISOString(),
    width: f.width,
    height: f.height,
    image: encodePng(f.width, f.height, f.rgb).toString('base64'),
  });
}

/**
 * Server-Sent Events for the rows of the Plugins page while this client is connected: `state`
 * events (whether the display runs, and for each plugin whether it can be drawn, or why not) and
 * frames of the plugins that are not on screen, about one a second each, drawn by the display
 * only while someone watches. A slow client gets each plugin's newest frame, never a backlog.
 */
export function rowFrameStream(c: Context<AppEnv>, plugins: ReadonlySet<string> | null): Response {
  const { display } = c.var.services;
  return streamSSE(c, async (stream) => {
    const latest = new Map<string, RowFrameMessage>();
    let states: RowStates | null = null;
    let wake: (() => void) | null = null;
    const unsubscribe = display.watchRows({
      plugins,
      frame: (f) => (latest.set(f.plugin_id, f), wake?.()),
      states: (s) => ((states = s), wake?.()),
    });
    stream.onAbort(() => wake?.());
    const revoked = c.var.credential?.revoked;
    const end = () => (void stream.close(), wake?.());
    revoked?.addEventListener('abort', end, { once: true });
    try {
      const connected = display.connected();
      if (!connected) await stream.writeSSE({ event: 'state', data: JSON.stringify({ connected, plugins: {} }) });
      while (!stream.aborted && !stream.closed) {
        if (states) {
          const data = JSON.stringify({ connected: true, plugins: states });
          states = null;
          await stream.writeSSE({ event: 'state', data });
          continue;
        }
        const next = latest.values().next();
        if (!next.done) {
          latest.delete(next.value.plugin_id);
          await stream.writeSSE({ data: rowFrameEvent(next.value) });
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS);
          wake = () => (clearTimeout(timer), (wake = null), resolve());
        });
        if (!latest.size && !states && !stream.aborted) await stream.write(': heartbeat\n\n');
      }
    } finally {
      revoked?.removeEventListener('abort', end);
      unsubscribe();
    }
  });
}
