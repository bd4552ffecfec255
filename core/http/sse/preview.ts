import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../types.ts';
import { encodePng } from '../../render/png.ts';
import type { FrameMessage } from '../../display/web/link.ts';

const HEARTBEAT_MS = 15_000;

/** LEDMatrix's preview message: the frame as a base64 PNG with its size and time. */
export function previewEvent(f: FrameMessage): string {
  return JSON.stringify({
    timestamp: new Date(f.at).toISOString(),
    width: f.width,
    height: f.height,
    brightness: f.brightness,
    image: encodePng(f.width, f.height, f.rgb).toString('base64'),
  });
}

/**
 * Server-Sent Events of the panel while this client is connected. Frames come from the display
 * over its channel (only while someone watches); a slow client gets the newest frame, never a
 * backlog. PNG rather than raw RGB: a 128×32 frame is ~0.3–1 KB as PNG against 16 KB of base64
 * RGB, the browser shows it with an <img> as before, and encoding costs well under a millisecond.
 */
export function previewStream(c: Context<AppEnv>): Response {
  const { display } = c.var.services;
  return streamSSE(c, async (stream) => {
    let latest: FrameMessage | null = null;
    let wake: (() => void) | null = null;
    const unsubscribe = display.subscribe((f) => {
      latest = f;
      wake?.();
    });
    stream.onAbort(() => wake?.());
    // A revoked session or token sees no more frames (the panel may show a pairing code).
    const revoked = c.var.credential?.revoked;
    const end = () => (void stream.close(), wake?.());
    revoked?.addEventListener('abort', end, { once: true });
    try {
      if (display.connected()) latest = await display.currentFrame().catch(() => null);
      else await stream.writeSSE({ event: 'status', data: JSON.stringify({ connected: false }) });
      while (!stream.aborted && !stream.closed) {
        if (latest) {
          const f: FrameMessage = latest;
          latest = null;
          await stream.writeSSE({ data: previewEvent(f) });
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS);
          wake = () => (clearTimeout(timer), (wake = null), resolve());
        });
        if (!latest && !stream.aborted) await stream.write(': heartbeat\n\n');
      }
    } finally {
      revoked?.removeEventListener('abort', end);
      unsubscribe();
    }
  });
}
