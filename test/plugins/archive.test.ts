import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/platform/errors/app-error.ts';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { archiveEntries, pluginFiles, pluginZip, treeOf, writeZip, type ZipEntrySpec } from '../support/zip.ts';

function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  const root = path.dirname(deps.settings.pluginsDir);
  fs.mkdirSync(deps.settings.pluginsDir, { recursive: true });
  fs.mkdirSync(path.join(root, 'victim'));
  fs.writeFileSync(path.join(root, 'victim', 'keep.txt'), 'keep');
  return { deps, root, zip: path.join(root, 'download.zip') };
}

const outside = (root: string) =>
  treeOf(root, (rel) => rel === 'data' || rel === 'download.zip' || rel === 'plugin-repos/.staging');

async function refused(deps: TestDeps, zip: string, pluginId = 'demo', pluginPath?: string) {
  const err = await installFromArchive(deps, {
    opId: 'op1',
    pluginId,
    kind: 'install',
    archivePath: zip,
    pluginPath,
    origin: { source: 'registry' },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

/** Runs an attack and checks that it is refused with `code` and that nothing outside staging changed. */
async function expectRefused(entries: ZipEntrySpec[], code: string, overrides: Record<string, unknown> = {}) {
  const { deps, root, zip } = setup(overrides);
  writeZip(zip, entries);
  const before = outside(root);
  const err = await refused(deps, zip);
  expect(err.code).toBe(code);
  expect(outside(root)).toEqual(before);
  expect(fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  expect(getPluginState(deps, 'demo')).toBeUndefined();
  return err;
}

const valid = () => archiveEntries(pluginFiles({ id: 'demo' }));

describe('archive attacks are refused before anything outside staging is written', () => {
  it.each([
    ['a ../ entry', 'repo-main/../../victim/evil.txt', 'parent-folder segment (..)'],
    ['a ../ entry in the middle', 'repo-main/a/../../../evil.txt', 'parent-folder segment (..)'],
    ['an absolute path', `${os.tmpdir()}/marquee-abs-${process.pid}.txt`, 'absolute path'],
    ['a drive letter', 'C:/evil.txt', 'drive letter'],
    ['a backslash path', 'repo-main\\..\\evil.txt', 'backslash in name'],
  ])('%s → PLUGIN_ARCHIVE_UNSAFE', async (_what, name, reason) => {
    const err = await expectRefused([...valid(), { name, data: 'pwned' }], 'PLUGIN_ARCHIVE_UNSAFE');
    expect(err.context).toMatchObject({ entry: name, reason });
    expect(fs.existsSync(`${os.tmpdir()}/marquee-abs-${process.pid}.txt`)).toBe(false);
  });

  it('a symbolic link → PLUGIN_ARCHIVE_UNSAFE', async () => {
    const link = { name: 'repo-main/passwd', data: '../../../../etc/passwd', mode: 0o120777 };
    const err = await expectRefused([...valid(), link], 'PLUGIN_ARCHIVE_UNSAFE');
    expect(err.message).toContain('symbolic link');
  });

  it('a FIFO or device entry → PLUGIN_ARCHIVE_UNSAFE', async () => {
    await expectRefused([...valid(), { name: 'repo-main/fifo', data: '', mode: 0o010644 }], 'PLUGIN_ARCHIVE_UNSAFE');
  });

  it('a zip bomb (20 MB of zeros in a few KB) → PLUGIN_ARCHIVE_TOO_LARGE', async () => {
    const bomb = { name: 'repo-main/bomb.bin', data: Buffer.alloc(20 * 1024 * 1024), method: 'deflate' as const };
    const err = await expectRefused([...valid(), bomb], 'PLUGIN_ARCHIVE_TOO_LARGE');
    expect(err.message).toContain('zip bomb');
  });

  it('a zip bomb that lies about its size in the headers → stopped at the declared size, PLUGIN_ARCHIVE_UNSAFE', async () => {
    const liar = {
      name: 'repo-main/small.txt',
      data: Buffer.alloc(8 * 1024 * 1024),
      method: 'deflate' as const,
      declaredSize: 100,
    };
    const err = await expectRefused([...valid(), liar], 'PLUGIN_ARCHIVE_UNSAFE');
    expect(err.context).toMatchObject({ reason: 'size_mismatch', declared: 100 });
  });

  it('files expanding beyond the total limit → PLUGIN_ARCHIVE_TOO_LARGE', async () => {
    const big = [1, 2, 3].map((i) => ({ name: `repo-main/data${i}.bin`, data: Buffer.alloc(40 * 1024, i) }));
    await expectRefused([...valid(), ...big], 'PLUGIN_ARCHIVE_TOO_LARGE', { 'limits.pluginMaxBytes': 100 * 1024 });
  });

  it('a file above the per-file limit → PLUGIN_ARCHIVE_TOO_LARGE', async () => {
    const big = { name: 'repo-main/big.bin', data: Buffer.alloc(4096, 7) };
    await expectRefused([...valid(), big], 'PLUGIN_ARCHIVE_TOO_LARGE', { 'limits.pluginMaxFileBytes': 2048 });
  });

  it('too many files → PLUGIN_ARCHIVE_TOO_LARGE', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `repo-main/assets/f${i}.txt`, data: `${i}` }));
    const err = await expectRefused([...valid(), ...many], 'PLUGIN_ARCHIVE_TOO_LARGE', { 'limits.pluginMaxFiles': 20 });
    expect(err.message).toContain('more than 20 files');
  });

  it('the same path twice → PLUGIN_ARCHIVE_UNSAFE', async () => {
    await expectRefused([...valid(), { name: 'repo-main/index.js', data: 'evil()' }], 'PLUGIN_ARCHIVE_UNSAFE');
  });

  it('a wrong manifest id → PLUGIN_ID_MISMATCH', async () => {
    const err = await expectRefused(archiveEntries(pluginFiles({ id: 'other' })), 'PLUGIN_ID_MISMATCH');
    expect(err.context).toMatchObject({ plugin_id: 'demo', manifest_id: 'other' });
  });

  it('a LEDMatrix Python plugin without a dependencies stage → PLUGIN_INCOMPATIBLE saying why', async () => {
    const files = pluginFiles({ id: 'demo', manifest: { entry_point: 'manager.py', class_name: 'DemoPlugin' } });
    const err = await expectRefused(
      archiveEntries({ ...files, 'manager.py': 'class DemoPlugin: pass' }),
      'PLUGIN_INCOMPATIBLE',
    );
    expect(err.message).toBe('demo is a LEDMatrix (Python) plugin, which this kind of install cannot prepare');
  });

  it('an incompatible version range → PLUGIN_INCOMPATIBLE naming both versions', async () => {
    const files = pluginFiles({ id: 'demo', manifest: { compatible_versions: ['>=99.0.0'] } });
    const err = await expectRefused(archiveEntries(files), 'PLUGIN_INCOMPATIBLE');
    expect(err.message).toBe('demo supports Marquee >=99.0.0; this is Marquee 0.1.0');
  });

  it('a manifest whose entry module is missing → PLUGIN_MANIFEST_INVALID', async () => {
    const files = pluginFiles({ id: 'demo' });
    delete files['index.js'];
    const err = await expectRefused(archiveEntries(files), 'PLUGIN_MANIFEST_INVALID');
    expect(err.message).toContain('entry_point "index.js"');
  });

  it('a truncated download → PLUGIN_ARCHIVE_INVALID', async () => {
    const { deps, root, zip } = setup();
    pluginZip(zip, { id: 'demo', files: { 'asset.bin': Buffer.alloc(50_000, 3) } });
    fs.truncateSync(zip, Math.floor(fs.statSync(zip).size / 2));
    const before = outside(root);
    expect((await refused(deps, zip)).code).toBe('PLUGIN_ARCHIVE_INVALID');
    expect(outside(root)).toEqual(before);
  });

  it('corrupt data (CRC mismatch) → PLUGIN_ARCHIVE_INVALID', async () => {
    await expectRefused([...valid(), { name: 'repo-main/x.txt', data: 'hello', crc: 1234 }], 'PLUGIN_ARCHIVE_INVALID');
  });

  it('an archive with more entries than allowed is refused from its directory, before reading entries', async () => {
    const many = Array.from({ length: 20_001 }, (_, i) => ({
      name: `repo-main/other/${i}`,
      data: '',
      method: 'store' as const,
    }));
    const err = await expectRefused([...valid(), ...many], 'PLUGIN_ARCHIVE_TOO_LARGE');
    expect(err.context).toMatchObject({ limit: 20_000 });
  });
});

describe('archive layouts', () => {
  it('a GitHub archive installs: top folder stripped, commit taken from the comment, state recorded', async () => {
    const { deps, zip } = setup();
    pluginZip(zip, { id: 'demo', version: '1.2.0' });
    const result = await installFromArchive(deps, {
      opId: 'op1',
      pluginId: 'demo',
      kind: 'install',
      archivePath: zip,
      origin: { source: 'registry', repo: 'https://example.invalid/demo', branch: 'main' },
    });
    expect(result).toMatchObject({ commit: 'a'.repeat(40), files: 3, previousVersion: null });
    const dir = path.join(deps.settings.pluginsDir, 'demo');
    expect(treeOf(dir)).toEqual(['.marquee-install.json', 'config_schema.json', 'index.js', 'manifest.json']);
    expect(getPluginState(deps, 'demo')).toMatchObject({
      version: '1.2.0',
      status: 'installed',
      source: 'registry',
      branch: 'main',
      present: true,
    });
    expect(fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  });

  it('a monorepo archive installs only the plugin_path subfolder, ignoring links elsewhere', async () => {
    const { deps, zip } = setup();
    writeZip(zip, [
      ...archiveEntries(pluginFiles({ id: 'demo' }), { under: 'plugins/demo' }),
      ...archiveEntries(pluginFiles({ id: 'other' }), { under: 'plugins/other' }).slice(1),
      { name: 'repo-main/plugins/other/link', data: '../demo', mode: 0o120777 },
      { name: 'repo-main/README.md', data: '# plugins' },
    ]);
    await installFromArchive(deps, {
      opId: 'op2',
      pluginId: 'demo',
      kind: 'install',
      archivePath: zip,
      pluginPath: 'plugins/demo',
      origin: { source: 'registry' },
    });
    expect(treeOf(deps.settings.pluginsDir, (r) => r === '.staging')).toEqual([
      'demo/',
      'demo/.marquee-install.json',
      'demo/config_schema.json',
      'demo/index.js',
      'demo/manifest.json',
    ]);
  });

  it('a plugin_path that is not in the archive → PLUGIN_ARCHIVE_INVALID', async () => {
    const { deps, zip } = setup();
    pluginZip(zip, { id: 'demo' }, { under: 'plugins/demo' });
    const err = await refused(deps, zip, 'demo', 'plugins/nothing');
    expect(err.code).toBe('PLUGIN_ARCHIVE_INVALID');
    expect(err.message).toContain('plugins/nothing');
  });

  it('an archive with the plugin at its root (a download_url) installs', async () => {
    const { deps, zip } = setup();
    writeZip(
      zip,
      Object.entries(pluginFiles({ id: 'demo' })).map(([name, data]) => ({ name, data })),
    );
    await installFromArchive(deps, {
      opId: 'op3',
      pluginId: 'demo',
      kind: 'install',
      archivePath: zip,
      origin: { source: 'url' },
    });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'manifest.json'))).toBe(true);
  });

  it('without a requested id (install from a URL), the plugin installs under its manifest id', async () => {
    const { deps, zip } = setup();
    pluginZip(zip, { id: 'from-url' });
    const result = await installFromArchive(deps, {
      opId: 'op5',
      kind: 'install',
      archivePath: zip,
      origin: { source: 'url', repo: 'https://example.invalid/from-url' },
    });
    expect(result.manifest.id).toBe('from-url');
    expect(getPluginState(deps, 'from-url')).toMatchObject({ source: 'url', present: true });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'from-url', 'index.js'))).toBe(true);
  });

  it('an archive cannot forge its install record', async () => {
    const { deps, zip } = setup();
    const files = pluginFiles({
      id: 'demo',
      files: { '.marquee-install.json': '{"source":"registry","installed_at":"2020-01-01T00:00:00Z"}' },
    });
    writeZip(zip, archiveEntries(files));
    await installFromArchive(deps, {
      opId: 'op4',
      pluginId: 'demo',
      kind: 'install',
      archivePath: zip,
      origin: { source: 'url' },
    });
    const dir = path.join(deps.settings.pluginsDir, 'demo');
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.marquee-install.json'), 'utf8')).source).toBe('url');
  });
});
