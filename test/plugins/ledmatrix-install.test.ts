import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lookupFresh } from '../../core/registry/fresh.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { jsonInit } from '../support/deps.ts';
import { archiveServer, archiveUrl, lifecycleApp, runToEnd, type ArchiveReply } from '../support/lifecycle.ts';
import { useUpstream } from '../support/upstream.ts';
import { smallRegistry } from '../support/registry.ts';
import { treeOf } from '../support/zip.ts';
import { buildWheel, servePackageIndex } from '../hosts/python/package-index.ts';
import {
  monorepoArchive,
  pythonEntry,
  pythonManifest,
  rawManifestOf,
  type PythonPluginSpec,
} from './ledmatrix-fixture.ts';

const upstream = useUpstream();
const DOT = buildWheel('marquee-dot', '1.0.0', 'marquee_dot', 'COLOR = (1, 2, 3)\n');

type App = Awaited<ReturnType<typeof lifecycleApp>>['app'];

const manifestReply = (spec: PythonPluginSpec): ArchiveReply => ({
  kind: 'zip',
  body: Buffer.from(JSON.stringify(pythonManifest(spec))),
});

/** Serves the monorepo's archive and the plugin's raw manifest. */
function serve(spec: PythonPluginSpec) {
  return archiveServer(
    upstream,
    new Map([
      [archiveUrl(spec.id), { kind: 'zip', body: monorepoArchive(spec) }],
      [rawManifestOf(spec.id), manifestReply(spec)],
    ]),
  );
}

async function install(app: App, deps: Awaited<ReturnType<typeof lifecycleApp>>['deps'], body: unknown) {
  const res = await app.request('/api/v3/plugins/install', jsonInit('POST', body));
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(202);
  return runToEnd(deps, json.data.operation_id);
}

const staging = (pluginsDir: string) => treeOf(path.join(pluginsDir, '.staging'));

// Venvs are real (python -m venv, pip): seconds each, more on a busy machine.
describe('LEDMatrix (Python) plugins through the install path', { timeout: 180_000 }, () => {
  it('installs registry id weather from folder ledmatrix-weather, keeps its LEDMatrix settings, and updates', async () => {
    const { app, deps, registry } = await lifecycleApp(upstream, [pythonEntry('weather', { latest_version: '1.0.0' })]);
    // Settings carried over from LEDMatrix, under its folder's name.
    await deps.config.apply({
      op: 'plugin-restore',
      plugin_id: 'ledmatrix-weather',
      main: { enabled: true, city: 'Lyon' },
      secrets: { api_key: 'k-123' },
    });
    const served = serve({ id: 'weather' });
    const op = await install(app, deps, { plugin_id: 'weather' });
    expect(op).toMatchObject({ status: 'completed' });
    expect(op.result).toMatchObject({ plugin_id: 'weather', version: '1.0.0' });
    expect(served.hits.get(rawManifestOf('weather'))).toBe(1);

    const dir = path.join(deps.settings.pluginsDir, 'weather');
    expect(fs.existsSync(path.join(dir, 'manager.py'))).toBe(true);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'ledmatrix-weather'))).toBe(false);
    // No requirements.txt: no venv.
    expect(fs.existsSync(path.join(dir, '.venv'))).toBe(false);
    expect(getPluginState(deps, 'weather')).toMatchObject({ version: '1.0.0', enabled: true, lastError: null });
    const { main, secrets } = deps.config.state();
    expect(main.weather).toEqual({ enabled: true, city: 'Lyon' });
    expect(secrets.weather).toEqual({ api_key: 'k-123' });
    expect(main['ledmatrix-weather']).toBeUndefined();

    // Either name finds it in the store; the update keeps the settings.
    const one = await (await app.request('/api/v3/plugins/store/plugin/ledmatrix-weather')).json();
    expect(one.data).toMatchObject({ id: 'weather', runtime: 'python', runnable: true });
    registry.change(smallRegistry([pythonEntry('weather', { latest_version: '1.1.0' })]), '"v2"');
    deps.clock.advance(24 * 3_600_000);
    serve({ id: 'weather', version: '1.1.0' });
    const { operation } = deps.queue.enqueue({ kind: 'update', key: 'weather', params: { plugin_id: 'weather' } });
    const updated = await runToEnd(deps, operation.id);
    expect(updated, updated.errorMessage ?? '').toMatchObject({ status: 'completed' });
    expect(updated.result).toMatchObject({ plugin_id: 'weather', version: '1.1.0', previous_version: '1.0.0' });
    expect(deps.config.state().main.weather).toEqual({ enabled: true, city: 'Lyon' });
    expect(getPluginState(deps, 'weather')).toMatchObject({ version: '1.1.0', enabled: true });
    expect(staging(deps.settings.pluginsDir)).toEqual([]);

    // LEDMatrix's name for it works where a person would type it.
    deps.tasks.startAll();
    const off = await app.request(
      '/api/v3/plugins/toggle',
      jsonInit('POST', { plugin_id: 'ledmatrix-weather', enabled: false }),
    );
    expect(off.status).toBe(200);
    expect(deps.config.state().main.weather).toEqual({ enabled: false, city: 'Lyon' });
    expect(deps.config.state().main['ledmatrix-weather']).toBeUndefined();
    expect(getPluginState(deps, 'weather')).toMatchObject({ enabled: false });
  });

  it("installs requirements.txt's wheel from a package index into the plugin's own venv, as a stage", async () => {
    const index = await servePackageIndex([DOT]);
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('dots')], { 'python.pipIndexUrl': index.url });
    serve({ id: 'dots', requirements: 'marquee-dot==1.0.0\n' });
    const op = await install(app, deps, { plugin_id: 'dots' });
    expect(op, op.errorMessage ?? '').toMatchObject({ status: 'completed' });
    expect(index.requests).toContain('/simple/marquee-dot/');
    const venv = path.join(deps.settings.pluginsDir, 'dots', '.venv');
    const pkg = fs
      .readdirSync(path.join(venv, 'lib'))
      .map((v) => path.join(venv, 'lib', v, 'site-packages', 'marquee_dot', '__init__.py'));
    expect(pkg.some((f) => fs.existsSync(f))).toBe(true);
    const events = deps.queue.events(op.id).filter((e) => e.stage === 'dependencies');
    expect(events.map((e) => e.message).join('\n')).toMatch(/Collecting marquee-dot==1\.0\.0/);
    expect(events.map((e) => e.message).join('\n')).toMatch(/installed marquee-dot-1\.0\.0/);
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
  });

  it("a failing pip fails the install with pip's message and leaves nothing behind", async () => {
    const index = await servePackageIndex([]);
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('dots')], { 'python.pipIndexUrl': index.url });
    serve({ id: 'dots', requirements: 'marquee-dot==1.0.0\n' });
    const op = await install(app, deps, { plugin_id: 'dots' });
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_DEPENDENCIES_FAILED' });
    expect(op.errorMessage).toMatch(/No matching distribution found for marquee-dot==1\.0\.0/);
    expect(fs.readdirSync(deps.settings.pluginsDir).filter((f) => f !== '.staging')).toEqual([]);
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
    expect(getPluginState(deps, 'dots')).toBeUndefined();
  });

  it('a cancel while pip waits on its index kills pip and leaves nothing behind', async () => {
    const index = await servePackageIndex([], { stall: true });
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('dots')], { 'python.pipIndexUrl': index.url });
    serve({ id: 'dots', requirements: 'marquee-dot==1.0.0\n' });
    const res = await app.request('/api/v3/plugins/install', jsonInit('POST', { plugin_id: 'dots' }));
    const { data } = await res.json();
    const running = deps.queue.runOnce();
    // pip has asked the index, which never answers.
    await vi.waitFor(() => expect(index.requests.length).toBeGreaterThan(0), { timeout: 120_000, interval: 50 });
    deps.queue.cancel(data.operation_id);
    await running;
    expect(deps.queue.get(data.operation_id)).toMatchObject({ status: 'cancelled' });
    expect(fs.readdirSync(deps.settings.pluginsDir).filter((f) => f !== '.staging')).toEqual([]);
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
    expect(getPluginState(deps, 'dots')).toBeUndefined();
  });

  it('pip past its time limit fails the install saying so, and leaves nothing behind', async () => {
    const index = await servePackageIndex([], { stall: true });
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('dots')], {
      'python.pipIndexUrl': index.url,
      'python.pipTimeoutMs': 10_000,
    });
    serve({ id: 'dots', requirements: 'marquee-dot==1.0.0\n' });
    const op = await install(app, deps, { plugin_id: 'dots' });
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_DEPENDENCIES_FAILED' });
    expect(op.errorMessage).toBe(
      "Installing the plugin's Python dependencies failed: pip did not finish within 10000 ms",
    );
    expect(fs.readdirSync(deps.settings.pluginsDir).filter((f) => f !== '.staging')).toEqual([]);
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
  });

  it('an update whose pip fails leaves the running version and its venv as they were', async () => {
    const index = await servePackageIndex([DOT]);
    const { app, deps, registry } = await lifecycleApp(upstream, [pythonEntry('dots')], {
      'python.pipIndexUrl': index.url,
    });
    serve({ id: 'dots', requirements: 'marquee-dot==1.0.0\n' });
    expect(await install(app, deps, { plugin_id: 'dots' })).toMatchObject({ status: 'completed' });
    const dir = path.join(deps.settings.pluginsDir, 'dots');
    const before = treeOf(dir);
    registry.change(smallRegistry([pythonEntry('dots', { latest_version: '1.1.0' })]), '"v2"');
    deps.clock.advance(24 * 3_600_000);
    serve({ id: 'dots', version: '1.1.0', requirements: 'marquee-dot==9.9.9\n' });
    const { operation } = deps.queue.enqueue({ kind: 'update', key: 'dots', params: { plugin_id: 'dots' } });
    const op = await runToEnd(deps, operation.id);
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_DEPENDENCIES_FAILED' });
    expect(op.errorMessage).toMatch(/marquee-dot==9\.9\.9/);
    expect(treeOf(dir)).toEqual(before);
    expect(getPluginState(deps, 'dots')).toMatchObject({ version: '1.0.0' });
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
  });

  it('refuses a plugin for a newer LEDMatrix from its manifest alone, before the archive is fetched', async () => {
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('future')]);
    const spec = { id: 'future', manifest: { compatible_versions: ['>=9.0.0'] } };
    const served = serve(spec);
    const op = await install(app, deps, { plugin_id: 'future' });
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_INCOMPATIBLE', attempts: 1 });
    expect(op.errorMessage).toBe(
      "ledmatrix-future supports LEDMatrix >=9.0.0; Marquee provides LEDMatrix 3.2.0's plugin API",
    );
    expect(served.hits.get(archiveUrl('future'))).toBeUndefined();
    expect(upstream.calls.filter((c) => c.includes('code.example.test'))).toEqual([`GET ${rawManifestOf('future')}`]);
  });

  it('refuses a Python plugin on a machine without the runtime, before the archive, and the store says why', async () => {
    const { app, deps } = await lifecycleApp(upstream, [pythonEntry('weather'), { ...pythonEntry('clock') }], {
      'python.interpreter': '/nonexistent/python3',
    });
    const served = serve({ id: 'weather' });
    const list = await (await app.request('/api/v3/plugins/store/list')).json();
    const weather = list.data.plugins.find((p: { id: string }) => p.id === 'weather');
    expect(weather).toMatchObject({ runtime: 'python', runnable: false });
    expect(weather.runnableReason).toMatch(/cannot run Python plugins: .*Install: sudo apt install python3/);
    const op = await install(app, deps, { plugin_id: 'weather' });
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_RUNTIME_MISSING' });
    expect(served.hits.get(archiveUrl('weather'))).toBeUndefined();
  });

  it('the store says which runtime each entry needs and that this machine runs both', async () => {
    const { app } = await lifecycleApp(upstream, [
      pythonEntry('weather'),
      { ...pythonEntry('declared'), plugin_path: 'plugins/declared', runtime: 'python' },
      { ...pythonEntry('native'), plugin_path: 'plugins/native' },
    ]);
    const list = await (await app.request('/api/v3/plugins/store/list')).json();
    const fields = Object.fromEntries(
      list.data.plugins.map((p: Record<string, unknown>) => [p.id, [p.runtime, p.runnable, p.runnableReason]]),
    );
    expect(fields).toEqual({
      weather: ['python', true, null],
      declared: ['python', true, null],
      native: ['node', true, null],
    });
  });

  it('a manifest without version or class_name: unknown with no store version, no update offered, one fetched on request', async () => {
    const unversioned = { version: undefined, class_name: undefined };
    const { app, deps, registry } = await lifecycleApp(upstream, [pythonEntry('plain', { latest_version: '' })]);
    serve({ id: 'plain', manifest: unversioned });
    const op = await install(app, deps, { plugin_id: 'plain' });
    expect(op, op.errorMessage ?? '').toMatchObject({ status: 'completed', result: { version: '0.0.0' } });
    const listed = async () =>
      (await (await app.request('/api/v3/plugins/installed')).json()).data.plugins.find(
        (p: { id: string }) => p.id === 'plain',
      );
    expect(await listed()).toMatchObject({ version: '0.0.0', update_available: false });

    // The store names a version now: still nothing to compare with, so no update is offered...
    registry.change(smallRegistry([pythonEntry('plain', { latest_version: '1.4.0' })]), '"v2"');
    deps.clock.advance(24 * 3_600_000);
    await lookupFresh(deps, 'plain');
    expect(await listed()).toMatchObject({ version: '0.0.0', latest_version: '1.4.0', update_available: false });
    // ...but one asked for fetches the files, which take the store's version, and then rests.
    serve({ id: 'plain', manifest: unversioned });
    const update = () => {
      const { operation } = deps.queue.enqueue({ kind: 'update', key: 'plain', params: { plugin_id: 'plain' } });
      return runToEnd(deps, operation.id);
    };
    const updated = await update();
    expect(updated, updated.errorMessage ?? '').toMatchObject({ status: 'completed' });
    expect(updated.result).toMatchObject({ updated: true, version: '1.4.0', previous_version: '0.0.0' });
    expect(await listed()).toMatchObject({ version: '1.4.0', update_available: false });
    expect((await update()).result).toMatchObject({
      updated: false,
      message: 'Plugin plain is already up to date (1.4.0)',
    });
  });
});
