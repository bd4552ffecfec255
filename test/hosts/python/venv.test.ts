import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPythonRuntime } from '../../../core/hosts/python/runtime-check.ts';
import { installPluginDependencies, type PipProgress } from '../../../core/hosts/python/venv.ts';
import { tempDir } from '../../support/temp.ts';
import { initHost, installFixtures, loadPlugin, PYTHON, render, startHost } from './host-client.ts';
import { buildWheel, servePackageIndex } from './package-index.ts';

const DOT = buildWheel('marquee-dot', '1.0.0', 'marquee_dot', 'COLOR = (12, 34, 56)\n');

// Each install creates a real venv (ensurepip included) and runs pip: seconds each, more on a busy machine.
describe('Python plugin dependencies', { timeout: 120_000 }, () => {
  it("installs a plugin's requirements.txt from the index it is given, and the host imports them from the venv", async () => {
    const index = await servePackageIndex([DOT]);
    const { plugins, dataDir } = installFixtures(['with-deps']);
    const venvDir = path.join(dataDir, 'with-deps.venv');
    const progress: PipProgress[] = [];
    const result = await installPluginDependencies({
      pluginDir: plugins['with-deps']!.dir,
      venvDir,
      indexUrl: index.url,
      python: PYTHON,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({ venv: venvDir, installed: ['marquee-dot-1.0.0'] });
    expect(progress.map((p) => p.stage)).toEqual(
      expect.arrayContaining(['venv', 'collecting', 'installing', 'installed']),
    );
    expect(index.requests).toContain('/simple/marquee-dot/');
    // Debian's Pillow comes from the system, not from the index.
    expect(fs.readFileSync(path.join(venvDir, 'pyvenv.cfg'), 'utf8')).toMatch(/include-system-site-packages = true/);

    const host = startHost();
    await initHost(host);
    expect(await loadPlugin(host, plugins['with-deps']!, {}, venvDir)).toMatchObject({ t: 'done' });
    const { frames } = await render(host, 'with-deps');
    expect([...frames[0]!.payload.subarray(0, 3)]).toEqual([12, 34, 56]);
  });

  it("fails with pip's message and leaves nothing behind when a requirement cannot be found", async () => {
    const index = await servePackageIndex([]);
    const { plugins, dataDir } = installFixtures(['with-deps']);
    const venvDir = path.join(dataDir, 'with-deps.venv');
    const failed = installPluginDependencies({
      pluginDir: plugins['with-deps']!.dir,
      venvDir,
      indexUrl: index.url,
      python: PYTHON,
    });
    await expect(failed).rejects.toMatchObject({
      code: 'PLUGIN_DEPENDENCIES_FAILED',
      message: expect.stringMatching(/No matching distribution found for marquee-dot==1\.0\.0/),
      details: expect.stringContaining('Could not find a version that satisfies the requirement'),
    });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('puts the previous venv back when an update of the dependencies fails', async () => {
    const index = await servePackageIndex([DOT]);
    const { plugins, dataDir } = installFixtures(['with-deps']);
    const pluginDir = plugins['with-deps']!.dir;
    const venvDir = path.join(dataDir, 'with-deps.venv');
    await installPluginDependencies({ pluginDir, venvDir, indexUrl: index.url, python: PYTHON });
    fs.writeFileSync(path.join(pluginDir, 'requirements.txt'), 'marquee-dot==1.0.0\nmarquee-missing==2.0\n');
    await expect(
      installPluginDependencies({ pluginDir, venvDir, indexUrl: index.url, python: PYTHON }),
    ).rejects.toMatchObject({
      code: 'PLUGIN_DEPENDENCIES_FAILED',
    });
    expect(fs.readdirSync(dataDir)).toEqual(['with-deps.venv']);
    const out = execFileSync(path.join(venvDir, 'bin', 'python'), [
      '-c',
      'import marquee_dot; print(marquee_dot.COLOR)',
    ]);
    expect(out.toString().trim()).toBe('(12, 34, 56)');
    // A crash after the old venv was set aside: the next attempt starts from it, and keeps it on failure.
    fs.renameSync(venvDir, `${venvDir}.previous`);
    await expect(
      installPluginDependencies({ pluginDir, venvDir, indexUrl: index.url, python: PYTHON }),
    ).rejects.toMatchObject({
      code: 'PLUGIN_DEPENDENCIES_FAILED',
    });
    expect(fs.readdirSync(dataDir)).toEqual(['with-deps.venv']);
    expect(fs.existsSync(path.join(venvDir, 'lib'))).toBe(true);
  });

  it('kills pip when cancelled and removes the half-made venv', async () => {
    const index = await servePackageIndex([DOT], { stall: true });
    const { plugins, dataDir } = installFixtures(['with-deps']);
    const controller = new AbortController();
    const installing = installPluginDependencies({
      pluginDir: plugins['with-deps']!.dir,
      venvDir: path.join(dataDir, 'with-deps.venv'),
      indexUrl: index.url,
      python: PYTHON,
      signal: controller.signal,
    });
    await expect.poll(() => index.requests.length, { timeout: 60_000 }).toBeGreaterThan(0);
    controller.abort();
    await expect(installing).rejects.toMatchObject({ code: 'OPERATION_CANCELLED' });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('needs no venv when requirements.txt names nothing', async () => {
    const { plugins, dataDir } = installFixtures(['with-deps']);
    fs.writeFileSync(path.join(plugins['with-deps']!.dir, 'requirements.txt'), '# nothing\n\n');
    const venvDir = path.join(dataDir, 'with-deps.venv');
    const result = await installPluginDependencies({
      pluginDir: plugins['with-deps']!.dir,
      venvDir,
      indexUrl: 'http://127.0.0.1:9/simple/',
      python: PYTHON,
    });
    expect(result).toEqual({ venv: null, installed: [] });
    expect(fs.existsSync(venvDir)).toBe(false);
  });
});

describe('whether this machine can run Python plugins', () => {
  it('answers with the version for a complete Python', async () => {
    expect(await checkPythonRuntime(PYTHON)).toEqual({ python: PYTHON, version: expect.stringMatching(/^3\.\d+$/) });
  });

  it('names python3 when there is no interpreter, before anything is downloaded', async () => {
    const missing = path.join(tempDir('no-python-'), 'python3');
    await expect(checkPythonRuntime(missing)).rejects.toMatchObject({
      code: 'PLUGIN_RUNTIME_MISSING',
      message: expect.stringMatching(/Install: sudo apt install python3$/),
      context: { install: ['python3'] },
    });
    const index = await servePackageIndex([DOT]);
    const { plugins, dataDir } = installFixtures(['with-deps']);
    const attempt = installPluginDependencies({
      pluginDir: plugins['with-deps']!.dir,
      venvDir: path.join(dataDir, 'v'),
      indexUrl: index.url,
      python: missing,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'PLUGIN_RUNTIME_MISSING' });
    expect(index.requests).toEqual([]);
  });

  it('names python3-pil for a Python without Pillow', async () => {
    const bare = path.join(tempDir('bare-venv-'), 'venv');
    execFileSync(PYTHON, ['-m', 'venv', '--without-pip', bare]);
    await expect(checkPythonRuntime(path.join(bare, 'bin', 'python'))).rejects.toMatchObject({
      code: 'PLUGIN_RUNTIME_MISSING',
      context: { install: ['python3-pil'] },
    });
  });
});
