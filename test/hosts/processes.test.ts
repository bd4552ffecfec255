/**
 * The real web and display processes (the production bundle) with plugins that go after them: one
 * kills the web process by its pid, one the display, one calls Marquee's API to enable another
 * plugin, one exits its host until it is quarantined. Both processes keep their pids, the API call
 * is refused, and health names the culprit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { startServer, type RunningServer } from '../../bench/harness.ts';
import { hostReachableDir, writeConfig, writePlugin } from '../support/display.ts';

const HOSTILE = path.join(PROJECT_ROOT, 'test/fixtures/plugins/hostile/plugin.js');
const SCROLL = { enabled: true, scroll: 'STEADY', fps: 30, color: [0, 0, 80], display_duration: 3600 };
let server: RunningServer;
let root: string;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  root = hostReachableDir('marquee-hosts-proc-');
  const plugins = path.join(root, 'plugin-repos');
  writePlugin(plugins, 'scroll');
  writePlugin(plugins, 'victim');
  for (const id of ['kill-web', 'kill-display', 'api', 'exit']) writePlugin(plugins, id, {}, HOSTILE);
  writeConfig(path.join(root, 'config'), { scroll: SCROLL, victim: { enabled: false } });
  server = await startServer({
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    MARQUEE_PANEL_COLS: '32',
    MARQUEE_PANEL_ROWS: '16',
    MARQUEE_PLUGINS_DIR: plugins,
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    MARQUEE_DISPLAY_FLUSH_MS: '500',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const displayPid = () =>
  Number(fs.readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
const get = async (p: string) =>
  ((await (await fetch(`${server.url}${p}`)).json()) as { data: Record<string, any> }).data;
const attacks = (id: string) => server.logs().filter((l) => l.msg === 'attack' && l.plugin === id);

async function poll<T>(fn: () => Promise<T | null> | T | null, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined && v !== false) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('plugins against the web and display processes', () => {
  it('cannot kill them, cannot use the API, and a plugin that keeps exiting its host is quarantined', async () => {
    await poll(async () => (await get('/api/v3/display/current-status')).plugin_id === 'scroll', 20_000, 'scroll');
    const [web, display] = [server.pid, displayPid()];
    writeConfig(path.join(root, 'config'), {
      scroll: SCROLL,
      victim: { enabled: false },
      'kill-web': { enabled: true, attack: 'kill', pid: web },
      'kill-display': { enabled: true, attack: 'kill', pid: display },
      api: {
        enabled: true,
        attack: 'fetch',
        url: `${server.url}/api/v3/plugins/toggle`,
        method: 'POST',
        body: JSON.stringify({ plugin_id: 'victim', enabled: true }),
      },
      exit: { enabled: true, attack: 'exit' },
    });
    await poll(
      () => ['kill-web', 'kill-display', 'api'].every((id) => attacks(id).length > 0),
      30_000,
      'attacks',
    ).catch((e) => {
      fs.writeFileSync('/tmp/scratch/server-logs.json', JSON.stringify(server.logs(), null, 0));
      throw e;
    });
    expect(attacks('kill-web')[0]).toMatchObject({ outcome: 'refused', error: 'ESRCH' });
    expect(attacks('kill-display')[0]).toMatchObject({ outcome: 'refused', error: 'ESRCH' });
    // The web process closed the plugin's connection before reading a byte of the request.
    expect(attacks('api')[0]).toMatchObject({ outcome: 'refused' });
    expect(server.logs().some((l) => l.msg === 'refused a connection from a plugin host' && l.proc === 'web')).toBe(
      true,
    );
    const installed = (await get('/api/v3/plugins/installed')).plugins as Array<{ id: string; enabled: boolean }>;
    expect(installed.find((p) => p.id === 'victim')).toMatchObject({ enabled: false });
    // From here the API is reachable as before: only hosts are refused.
    expect((await fetch(`${server.url}/api/v3/health`)).status).toBeLessThan(600);

    const exit = await poll(
      async () => {
        const h = await get('/api/v3/plugins/health/exit');
        // The breaker is written at once, the host facts with the next heartbeat.
        return h.quarantined && h.host === null ? h : null;
      },
      30_000,
      'exit quarantined',
    );
    expect(exit).toMatchObject({ quarantined: true, restarts: 3, host: null, healthy: false });
    expect(exit.last_kill_reason).toBe('host exited with code 3');
    const scroll = await poll(
      async () => {
        const h = await get('/api/v3/plugins/health/scroll');
        return h.host?.pid ? h : null;
      },
      10_000,
      'scroll host in health',
    );
    expect(scroll).toMatchObject({ healthy: true, restarts: 0, host: { shared: false } });
    expect(scroll.host.pss_mb).toBeGreaterThan(0);
    expect((await get('/api/v3/plugins/metrics/scroll')).cpu).toMatchObject({ budget_pct: 25 });

    // Both processes are the ones that started.
    expect(displayPid()).toBe(display);
    expect(() => process.kill(web, 0)).not.toThrow();
    expect((await get('/api/v3/display/current-status')).state).toBe('showing');
  }, 120_000);
});
