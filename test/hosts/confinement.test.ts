/**
 * Real plugins trying to get out of their hosts: each attack runs in the update() of a plugin of
 * its own, beside a scrolling plugin on screen, and reports what it met.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { startRuntime, writePlugin, type RuntimeHarness } from '../support/display.ts';

const HOSTILE = path.join(PROJECT_ROOT, 'test/fixtures/plugins/hostile/plugin.js');
const ADDON = path.join(PROJECT_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const SCROLL = { enabled: true, scroll: 'STEADY', fps: 30, color: [0, 0, 80], display_duration: 3600 };

type Attack = Record<string, unknown>;

const attacks = (h: RuntimeHarness, id: string) =>
  h.log.lines.filter((l) => l.msg === 'attack' && l.plugin === id) as Array<{ outcome: string; error?: string }>;

/**
 * A runtime showing a scrolling plugin, then hostile plugins added beside it as the web process
 * would record them (folders scanned into plugin_state, then enabled in config). `plugins` gets
 * the runtime's folders to aim at.
 */
async function besideScroller(
  plugins: (dirs: { config: string; data: string; plugins: string }) => Record<string, Attack>,
  prepare?: (h: RuntimeHarness) => void,
) {
  const h = await startRuntime({ plugins: { scroll: {} }, config: { scroll: SCROLL }, width: 64, height: 16 });
  await h.until(() => h.runtime.loop.status().plugin_id === 'scroll', 15_000, 'the scroller on screen');
  const { configDir: config, dataDir: data, pluginsDir } = h.settings;
  const wanted = plugins({ config, data, plugins: pluginsDir });
  for (const id of Object.keys(wanted)) writePlugin(pluginsDir, id, {}, HOSTILE);
  prepare?.(h);
  await preparePlugins(h.webDeps);
  const sections = Object.fromEntries(
    Object.entries(wanted).map(([id, attack]) => [id, { enabled: true, display_duration: 1, ...attack }]),
  );
  h.setConfig({ scroll: SCROLL, ...sections, display: { plugin_rotation_order: ['scroll', ...Object.keys(wanted)] } });
  return { h, ids: Object.keys(wanted) };
}

describe('a plugin cannot get out of its host', () => {
  it('cannot read secrets, the database, other plugins or the system; cannot write outside its data folder', async () => {
    const secrets = '{"scroll":{"token":"s3cret"}}';
    const { h, ids } = await besideScroller(
      (d) => ({
        'read-secrets': { attack: 'read', target: path.join(d.config, 'config_secrets.json') },
        'read-db': { attack: 'read', target: path.join(d.data, 'marquee.db') },
        'read-other': { attack: 'read', target: path.join(d.plugins, 'scroll', 'plugin.js') },
        'read-passwd': { attack: 'read', target: '/etc/passwd' },
        'write-config': { attack: 'write', target: path.join(d.config, 'config.json') },
        'write-data': { attack: 'write', target: path.join(d.data, 'planted.db') },
        'write-other': { attack: 'write', target: path.join(d.plugins, 'scroll', 'plugin.js') },
        'write-own-folder': { attack: 'write', target: path.join(d.plugins, 'write-own-folder', 'plugin.js') },
        'own-data': { attack: 'own-data' },
      }),
      (harness) => fs.writeFileSync(path.join(harness.settings.configDir, 'config_secrets.json'), secrets),
    );
    await h.until(() => ids.every((id) => attacks(h, id).length > 0), 40_000, 'every attack tried');
    for (const id of ids.filter((i) => i !== 'own-data'))
      expect({ id, ...attacks(h, id)[0] }).toMatchObject({ id, outcome: 'refused', error: 'ERR_ACCESS_DENIED' });
    expect(attacks(h, 'own-data')[0]).toMatchObject({ outcome: 'allowed' });
    expect(fs.readFileSync(path.join(h.settings.configDir, 'config_secrets.json'), 'utf8')).toBe(secrets);
    expect(fs.existsSync(path.join(h.settings.dataDir, 'planted.db'))).toBe(false);
    expect(fs.readFileSync(path.join(h.settings.pluginsDir, 'scroll', 'plugin.js'), 'utf8')).not.toMatch(/written/);
    const own = path.join(h.settings.dataDir, 'plugins', 'own-data');
    expect(JSON.parse(fs.readFileSync(path.join(own, 'state.json'), 'utf8'))).toEqual({ calls: 1 });
    // When Marquee runs as root its hosts run as another user, who owns the data folder.
    if (process.getuid?.() === 0) expect(fs.statSync(own).uid).toBe(65_534);
  }, 60_000);

  it('cannot start processes, load a native addon, or signal the display', async () => {
    const { h, ids } = await besideScroller(
      (d) => ({
        spawn: { attack: 'spawn' },
        addon: { attack: 'addon', target: path.join(d.plugins, 'addon', 'addon.node') },
        'kill-display': { attack: 'kill', pid: process.pid },
      }),
      (harness) => fs.copyFileSync(ADDON, path.join(harness.settings.pluginsDir, 'addon', 'addon.node')),
    );
    const from = h.frameTimes.length;
    await h.until(() => ids.every((id) => attacks(h, id).length > 0), 40_000, 'attacks');
    const during = h.frameTimes.length - from;
    expect(attacks(h, 'spawn')[0]).toMatchObject({ outcome: 'refused', error: 'ERR_ACCESS_DENIED' });
    expect(attacks(h, 'addon')[0]).toMatchObject({ outcome: 'refused', error: 'ERR_DLOPEN_DISABLED' });
    // The display's pid means nothing inside the host's PID namespace.
    expect(attacks(h, 'kill-display')[0]).toMatchObject({ outcome: 'refused', error: 'ESRCH' });
    // The display drew on while the attacks were tried and after them; how long its frame gaps are
    // beside a hostile plugin is measured by `npm run bench -- hosts` (its hostile part).
    expect(during).toBeGreaterThan(0);
    const after = h.frameTimes.length;
    await h.until(() => h.frameTimes.length - after > 30, 15_000, 'the scroller still moving');
  }, 60_000);
});
