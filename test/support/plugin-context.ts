/**
 * A plugin's context built by the real plugin API (core/hosts/node/plugin-api.ts), in this
 * process: for unit tests that call a plugin's methods directly (msw can intercept its fetch here).
 */
import { Frame } from '../../core/render/frame.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { createPluginContext, type ContextMessage } from '../../core/hosts/node/plugin-api.ts';
import type { HostFacts } from '../../core/hosts/messages.ts';
import { DEFAULT_HOST } from '../../core/harness/fixture.ts';

export interface TestContext {
  ctx: ReturnType<typeof createPluginContext>;
  /** Log lines the plugin wrote. */
  logs: Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;
  /** Cache writes the plugin made (what the display would persist). */
  cacheWrites: Array<{ key: string; value: unknown }>;
}

export function pluginContext(
  opts: {
    id?: string;
    config?: Record<string, unknown>;
    host?: Partial<HostFacts>;
    cache?: Record<string, unknown>;
    dir?: string;
  } = {},
): TestContext {
  const logs: TestContext['logs'] = [];
  const cacheWrites: TestContext['cacheWrites'] = [];
  const post = (m: ContextMessage) => {
    if (m.t === 'log') logs.push({ level: m.level, msg: m.message, fields: m.fields });
    if (m.t === 'cache') cacheWrites.push({ key: m.key, value: m.value === null ? null : JSON.parse(m.value) });
  };
  const ctx = createPluginContext(
    {
      id: opts.id ?? 'test',
      dir: opts.dir ?? '/nonexistent',
      dataDir: '/nonexistent-data',
      manifest: {},
      config: { enabled: true, ...opts.config },
      width: 64,
      height: 32,
      host: { ...DEFAULT_HOST, ...opts.host },
      cache: Object.fromEntries(
        Object.entries(opts.cache ?? {}).map(([k, v]) => [k, { value: JSON.stringify(v), expires_at: null }]),
      ),
      limits: { cacheValueBytes: 256 * 1024, cacheEntries: 500 },
    },
    post,
    decodePng,
  );
  return { ctx, logs, cacheWrites };
}

/** Render info for one frame at `now` (ms since the epoch). */
export const frameInfo = (frame: Frame, now: number, mode = 'main', elapsedMs = 0) => ({
  mode,
  width: frame.width,
  height: frame.height,
  now,
  elapsedMs,
  frame: 0,
});

/** How many pixels are not black. */
export function litPixels(frame: Frame): number {
  let n = 0;
  for (let i = 0; i < frame.data.length; i += 3) if (frame.data[i] || frame.data[i + 1] || frame.data[i + 2]) n += 1;
  return n;
}
