import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { startServer, type RunningServer } from '../../bench/harness.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { hostReachableDir, writeConfig, writePlugin } from '../support/display.ts';

let server: RunningServer | null = null;

beforeAll(() => {
  // The production bundle: server, display and the plugin host as plain JavaScript.
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
});

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function poll<T>(fn: () => Promise<T | null>, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const json = async (url: string, init?: RequestInit) =>
  (await fetch(url, init)).json() as Promise<{ data: Record<string, unknown> }>;

describe('web and display processes', () => {
  it('show a plugin, serve the frame as PNG, stream the preview and switch on demand without a restart', async () => {
    // Folders and config in place before start: the web process records them in plugin_state.
    const root = hostReachableDir('marquee-display-proc-');
    writePlugin(path.join(root, 'plugin-repos'), 'scroll', { display_modes: ['ticker'] });
    writePlugin(path.join(root, 'plugin-repos'), 'other');
    writeConfig(path.join(root, 'config'), {
      scroll: { enabled: true, color: [200, 0, 0], scroll: 'HELLO MARQUEE', fps: 30 },
      other: { enabled: false, color: [0, 0, 200] },
    });
    server = await startServer({
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_PANEL_COLS: '32',
      MARQUEE_PANEL_ROWS: '16',
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_DATA_DIR: path.join(root, 'data'),
    });
    const url = server.url;
    await poll(
      async () => ((await json(`${url}/api/v3/display/current-status`)).data.plugin_id === 'scroll' ? true : null),
      10_000,
      'scroll on screen',
    );

    const res = await fetch(`${url}/api/v3/display/current`);
    expect(res.headers.get('content-type')).toBe('image/png');
    const img = decodePng(new Uint8Array(await res.arrayBuffer()));
    expect([img.width, img.height]).toEqual([32, 16]);
    expect([...img.data.subarray(0, 3)]).toEqual([200, 0, 0]);

    // Preview: a stream of the frames drawn after it was opened, one after another as the text
    // scrolls. Its rate and the frames' age on arrival are measured by `npm run bench -- display`.
    const opened = Date.now();
    const ac = new AbortController();
    const stream = await fetch(`${url}/api/v3/stream/display`, { signal: ac.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    const events: Array<{ at: number; image: string }> = [];
    let buf = '';
    const timeout = setTimeout(() => ac.abort(), 15_000);
    while (events.length < 12) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = chunk.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        const e = JSON.parse(data.slice(6)) as { timestamp: string; width: number; image: string };
        expect(e.width).toBe(32);
        events.push({ at: Date.parse(e.timestamp), image: e.image });
      }
    }
    (clearTimeout(timeout), ac.abort());
    expect(events.length).toBeGreaterThanOrEqual(12);
    const live = events.slice(1);
    for (const [i, e] of live.entries()) {
      expect(e.at).toBeGreaterThanOrEqual(opened);
      if (i > 0) expect(e.at).toBeGreaterThanOrEqual(live[i - 1]!.at);
    }
    expect(new Set(live.map((e) => e.image)).size).toBeGreaterThan(1);

    // On demand: a disabled plugin (the rotation never shows it), shown without a process restart.
    const pidBefore = (await json(`${url}/api/v3/health`)).data.checks as Record<string, { pid: number }>;
    const start = await fetch(`${url}/api/v3/display/on-demand/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plugin_id: 'other' }),
    });
    expect(start.status).toBe(200);
    await poll(
      async () => ((await json(`${url}/api/v3/display/current-status`)).data.plugin_id === 'other' ? true : null),
      15_000,
      'on demand',
    );
    const pidAfter = (await json(`${url}/api/v3/health`)).data.checks as Record<string, { pid: number }>;
    expect(pidAfter.display!.pid).toBe(pidBefore.display!.pid);
  });
});

describe('panel settings', () => {
  it('brightness applies live; new panel geometry restarts the display once, by the supervisor, at the new size', async () => {
    const root = hostReachableDir('marquee-display-hw-');
    writePlugin(path.join(root, 'plugin-repos'), 'solid');
    writeConfig(path.join(root, 'config'), {
      solid: { enabled: true, color: [0, 200, 0] },
      display: { hardware: { rows: 16, cols: 32, brightness: 90 } },
    });
    server = await startServer({
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_DATA_DIR: path.join(root, 'data'),
    });
    const url = server.url;
    const current = async () => {
      const res = await fetch(`${url}/api/v3/display/current`);
      if (res.status !== 200) return null;
      const img = decodePng(new Uint8Array(await res.arrayBuffer()));
      return { width: img.width, brightness: Number(res.headers.get('x-display-brightness')), green: img.data[1] };
    };
    const displayPid = async () =>
      ((await json(`${url}/api/v3/health`)).data.checks as Record<string, { pid?: number }>).display?.pid;
    const save = (patch: object) =>
      fetch(`${url}/api/v3/config/main`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
    await poll(async () => ((await current())?.green === 200 ? true : null), 10_000, 'plugin on screen');
    const pid = await displayPid();
    expect(pid).toBeGreaterThan(0);

    expect((await save({ display: { hardware: { brightness: 40 } } })).status).toBe(200);
    await poll(async () => ((await current())?.brightness === 40 ? true : null), 2_000, 'brightness 40');
    expect(await displayPid()).toBe(pid);

    expect((await save({ display: { hardware: { cols: 64 } } })).status).toBe(200);
    const after = await poll(
      async () => {
        const c = await current();
        return c?.width === 64 && c.green === 200 ? c : null;
      },
      10_000,
      'the panel at 64 columns',
    );
    expect(after.brightness).toBe(40);
    await poll(async () => ((await displayPid()) !== pid ? true : null), 10_000, 'a new heartbeat');
    const logs = server.logs();
    expect(logs.filter((l) => l.msg === 'child restarted on request')).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'task crashed')).toHaveLength(0);
  });
});
