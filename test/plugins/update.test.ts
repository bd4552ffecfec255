import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installFromArchive, type ArchiveInstallRequest } from '../../core/plugins/staging/install-archive.ts';
import { getPluginState, patchPluginState } from '../../core/plugins/state/rows.ts';
import { addTombstone, isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { pluginZip, treeOf } from '../support/zip.ts';

/** Every file of a folder with a hash of its content. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of treeOf(dir).filter((r) => !r.endsWith('/'))) {
    out[rel] = createHash('sha256')
      .update(fs.readFileSync(path.join(dir, rel)))
      .digest('hex');
  }
  return out;
}

/** Loads the plugin's entry module as the display would: it must import and report its version. */
async function loadedVersion(dir: string): Promise<string> {
  const url = `${pathToFileURL(path.join(dir, 'index.js')).href}?t=${Math.random()}`;
  return ((await import(url)) as { version: string }).version;
}

async function installed(version: string): Promise<{
  deps: TestDeps;
  dir: string;
  root: string;
  request: (v: string, extra?: Partial<ArchiveInstallRequest>) => Promise<unknown>;
}> {
  const deps = testDeps();
  const root = path.dirname(deps.settings.pluginsDir);
  let n = 0;
  const request = (v: string, extra: Partial<ArchiveInstallRequest> = {}) => {
    n += 1;
    const zip = pluginZip(path.join(root, `dl-${n}.zip`), {
      id: 'demo',
      version: v,
      files: { [`only-in-${v}.txt`]: v, 'assets/big.bin': Buffer.alloc(200_000, n) },
    });
    return installFromArchive(deps, {
      opId: `op${n}`,
      pluginId: 'demo',
      kind: n === 1 ? 'install' : 'update',
      archivePath: zip,
      origin: { source: 'registry' },
      ...extra,
    });
  };
  await request(version);
  return { deps, dir: path.join(deps.settings.pluginsDir, 'demo'), root, request };
}

const stagingEmpty = (deps: TestDeps) => fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging')).length === 0;

describe('update', () => {
  it('replaces the files completely and keeps the enabled decision', async () => {
    const { deps, dir, request } = await installed('1.0.0');
    patchPluginState(deps, 'demo', { status: 'enabled', enabled: true });
    const result = (await request('1.1.0')) as { previousVersion: string };
    expect(result.previousVersion).toBe('1.0.0');
    expect(fs.existsSync(path.join(dir, 'only-in-1.0.0.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'only-in-1.1.0.txt'), 'utf8')).toBe('1.1.0');
    expect(await loadedVersion(dir)).toBe('1.1.0');
    expect(getPluginState(deps, 'demo')).toMatchObject({ version: '1.1.0', status: 'enabled', enabled: true });
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('a download that failed half-way leaves the old version intact and working', async () => {
    const { deps, dir, root, request } = await installed('1.0.0');
    const before = contents(dir);
    const stateBefore = getPluginState(deps, 'demo');
    const zip = pluginZip(path.join(root, 'half.zip'), {
      id: 'demo',
      version: '2.0.0',
      files: { 'a.bin': Buffer.alloc(300_000, 9) },
    });
    fs.truncateSync(zip, Math.floor(fs.statSync(zip).size * 0.5));
    await expect(request('2.0.0', { archivePath: zip })).rejects.toMatchObject({ code: 'PLUGIN_ARCHIVE_INVALID' });
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(getPluginState(deps, 'demo')).toEqual(stateBefore);
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('an archive corrupt half-way through its data fails mid-extraction and leaves the old version intact', async () => {
    const { deps, dir, root, request } = await installed('1.0.0');
    const before = contents(dir);
    const zip = pluginZip(path.join(root, 'bad.zip'), {
      id: 'demo',
      version: '2.0.0',
      files: { 'z.bin': Buffer.alloc(300_000, 5) },
    });
    const bytes = fs.readFileSync(zip);
    const at = bytes.indexOf(Buffer.from('repo-main/z.bin')) + 40;
    bytes.fill(0xff, at, at + 64);
    fs.writeFileSync(zip, bytes);
    const progress: string[] = [];
    const p = request('2.0.0', { archivePath: zip, progress: (_f, _s, m) => void (m && progress.push(m)) });
    await expect(p).rejects.toMatchObject({ code: 'PLUGIN_ARCHIVE_INVALID' });
    expect(progress.length).toBeGreaterThan(0);
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('a cancel during extraction leaves the old version intact', async () => {
    const { deps, dir, request } = await installed('1.0.0');
    const before = contents(dir);
    const ctrl = new AbortController();
    const p = request('2.0.0', {
      signal: ctrl.signal,
      progress: (_f, stage, message) => {
        if (stage === 'extracting' && message === '1/5 files') ctrl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('a cancel once the old version was moved aside puts it back', async () => {
    const { deps, dir, request } = await installed('1.0.0');
    const before = contents(dir);
    const ctrl = new AbortController();
    const p = request('2.0.0', { signal: ctrl.signal, onStep: (s) => void (s === 'swap:moved-aside' && ctrl.abort()) });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(contents(dir)).toEqual(before);
    expect(getPluginState(deps, 'demo')?.version).toBe('1.0.0');
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('a failure after the new version was moved in restores the old one', async () => {
    const { deps, dir, request } = await installed('1.0.0');
    const before = contents(dir);
    const p = request('2.0.0', {
      onStep: (s) => {
        if (s === 'swap:moved-in') throw new Error('injected failure');
      },
    });
    await expect(p).rejects.toThrow('injected failure');
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(getPluginState(deps, 'demo')?.version).toBe('1.0.0');
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('a cancel after the swap was recorded does not undo a finished update', async () => {
    const { deps, dir, request } = await installed('1.0.0');
    const ctrl = new AbortController();
    await request('2.0.0', { signal: ctrl.signal, onStep: (s) => void (s === 'swap:recorded' && ctrl.abort()) });
    expect(await loadedVersion(dir)).toBe('2.0.0');
    expect(stagingEmpty(deps)).toBe(true);
  });

  it('reinstalling an uninstalled plugin clears its tombstone', async () => {
    const { deps, request } = await installed('1.0.0');
    addTombstone(deps, { pluginId: 'demo' });
    await request('1.0.1');
    expect(isTombstoned(deps, 'demo')).toBe(false);
  });
});
