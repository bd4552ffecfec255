import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import { recoverStaging } from '../../core/plugins/staging/recover.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { fileConfigPort, readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { pluginFiles, pluginZip, treeOf, type PluginSpec } from '../support/zip.ts';

const CHILD = path.join(PROJECT_ROOT, 'test/fixtures/lifecycle/crash-child.ts');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Runs the child until it reports reaching `point`, then kills it with SIGKILL. */
function killAt(deps: TestDeps, spec: Record<string, unknown>): Promise<void> {
  const { dataDir, configDir, pluginsDir } = deps.settings;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CRASH_SPEC: JSON.stringify({ ...spec, dataDir, configDir, pluginsDir }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`AT ${spec.point}\n`)) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL' && out.includes(`AT ${spec.point}`)) resolve();
      else reject(new Error(`child ended (${code ?? signal}) without reaching ${String(spec.point)}: ${out} ${err}`));
    });
  });
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The plugin folder's files and hashes, without the install record (it holds a timestamp). */
function folderContents(dir: string): Record<string, string> | null {
  if (!fs.existsSync(dir)) return null;
  const out: Record<string, string> = {};
  for (const rel of treeOf(dir).filter((r) => !r.endsWith('/') && r !== '.marquee-install.json')) {
    out[rel] = hash(fs.readFileSync(path.join(dir, rel)));
  }
  return out;
}

function expectedContents(spec: PluginSpec): Record<string, string> {
  return Object.fromEntries(Object.entries(pluginFiles(spec)).map(([rel, data]) => [rel, hash(data)]));
}

const V1: PluginSpec = {
  id: 'demo',
  version: '1.0.0',
  files: { 'v1-only.txt': 'one', 'assets/a.bin': Buffer.alloc(4096, 1) },
};
const V2: PluginSpec = {
  id: 'demo',
  version: '2.0.0',
  files: { 'v2-only.txt': 'two', 'assets/a.bin': Buffer.alloc(4096, 2) },
};

async function recover(deps: TestDeps) {
  const outcomes = await recoverStaging(deps, { config: fileConfigPort(deps.settings.configDir) });
  await discoverPlugins(deps);
  expect(fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  return outcomes;
}

describe('kill -9 during update, then recovery: the old or the new version, complete and recorded', () => {
  it.each([
    ['extract:2', 'old', 'discarded'],
    ['staged', 'old', 'discarded'],
    ['swap:journaled', 'old', 'rolled-back'],
    ['swap:moved-aside', 'old', 'rolled-back'],
    ['swap:moved-in', 'new', 'rolled-forward'],
    ['swap:recorded', 'new', 'rolled-forward'],
    ['swap:committed', 'new', 'rolled-forward'],
  ])('killed at %s → %s version (%s)', async (point, expected, result) => {
    const deps = testDeps();
    const root = path.dirname(deps.settings.pluginsDir);
    await installFromArchive(deps, {
      opId: 'op1',
      pluginId: 'demo',
      kind: 'install',
      archivePath: pluginZip(path.join(root, 'v1.zip'), V1),
      origin: { source: 'registry' },
    });
    const archive = pluginZip(path.join(root, 'v2.zip'), V2);
    await killAt(deps, { kind: 'update', point, opId: 'op2', pluginId: 'demo', archive });
    expect((await recover(deps)).map((o) => o.result)).toEqual([result]);
    const want = expected === 'old' ? V1 : V2;
    expect(folderContents(path.join(deps.settings.pluginsDir, 'demo'))).toEqual(expectedContents(want));
    expect(getPluginState(deps, 'demo')).toMatchObject({ version: want.version, present: true, status: 'installed' });
  });
});

describe('kill -9 during a first install, then recovery: nothing or the plugin, complete', () => {
  it.each([
    ['extract:1', 'none', 'discarded'],
    ['swap:journaled', 'none', 'rolled-back'],
    ['swap:moved-in', 'new', 'rolled-forward'],
    ['swap:committed', 'new', 'rolled-forward'],
  ])('killed at %s → %s (%s)', async (point, expected, result) => {
    const deps = testDeps();
    const archive = pluginZip(path.join(path.dirname(deps.settings.pluginsDir), 'v1.zip'), V1);
    fs.mkdirSync(deps.settings.pluginsDir, { recursive: true });
    await killAt(deps, { kind: 'install', point, opId: 'op1', pluginId: 'demo', archive });
    expect((await recover(deps)).map((o) => o.result)).toEqual([result]);
    const dir = path.join(deps.settings.pluginsDir, 'demo');
    if (expected === 'none') {
      expect(fs.existsSync(dir)).toBe(false);
      expect(getPluginState(deps, 'demo')).toBeUndefined();
    } else {
      expect(folderContents(dir)).toEqual(expectedContents(V1));
      expect(getPluginState(deps, 'demo')).toMatchObject({ version: '1.0.0', source: 'registry', present: true });
    }
  });
});

describe('kill -9 during uninstall, then recovery: still installed with its settings, or gone with them', () => {
  const CONFIG = { demo: { enabled: true, city: 'Oslo' }, other: { x: 1 } };
  const SECRETS = { demo: { api_key: 'k-1' } };

  it.each([
    ['uninstall:journaled', 'kept', 'rolled-back'],
    ['uninstall:config-removed', 'kept', 'rolled-back'],
    ['uninstall:tombstoned', 'kept', 'rolled-back'],
    ['uninstall:moved', 'gone', 'rolled-forward'],
    ['uninstall:committed', 'gone', 'rolled-forward'],
  ])('killed at %s → %s (%s)', async (point, expected, result) => {
    const deps = testDeps();
    const root = path.dirname(deps.settings.pluginsDir);
    await installFromArchive(deps, {
      opId: 'op1',
      pluginId: 'demo',
      kind: 'install',
      archivePath: pluginZip(path.join(root, 'v1.zip'), V1),
      origin: { source: 'registry' },
    });
    writeConfigFiles(deps.settings.configDir, CONFIG, SECRETS);
    // Its data folder (uploaded images, cache) is kept or removed with it.
    const dataRoot = path.join(deps.settings.dataDir, 'plugins');
    fs.mkdirSync(path.join(dataRoot, 'demo', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dataRoot, 'demo', 'assets', 'image.png'), 'png');
    await killAt(deps, { kind: 'uninstall', point, opId: 'op2', pluginId: 'demo' });
    expect((await recover(deps)).map((o) => o.result)).toEqual([result]);
    const dir = path.join(deps.settings.pluginsDir, 'demo');
    const files = readConfigFiles(deps.settings.configDir);
    if (expected === 'kept') {
      expect(folderContents(dir)).toEqual(expectedContents(V1));
      expect(files).toEqual({ config: CONFIG, secrets: SECRETS });
      expect(isTombstoned(deps, 'demo')).toBe(false);
      expect(getPluginState(deps, 'demo')).toMatchObject({ status: 'installed', present: true });
      expect(fs.readdirSync(dataRoot)).toEqual(['demo']);
      expect(fs.readFileSync(path.join(dataRoot, 'demo', 'assets', 'image.png'), 'utf8')).toBe('png');
    } else {
      expect(fs.existsSync(dir)).toBe(false);
      expect(files).toEqual({ config: { other: { x: 1 } }, secrets: {} });
      expect(isTombstoned(deps, 'demo')).toBe(true);
      expect(getPluginState(deps, 'demo')).toMatchObject({ status: 'uninstalled', present: false });
      expect(fs.readdirSync(dataRoot)).toEqual([]);
    }
  });
});
