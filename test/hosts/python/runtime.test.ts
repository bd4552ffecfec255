import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPythonRuntime, judge, probePython } from '../../../core/hosts/python/runtime.ts';
import { readPluginDir } from '../../../core/display/plugins-on-disk.ts';
import { tempDir } from '../../support/temp.ts';
import { initHost, installFixtures, loadPlugin, PYTHON, startHost } from './host-client.ts';

const grants = (dir: string) => ({ read: [dir], write: ['/data/plugins/x'], memoryMb: 64 });

describe('the Python host runtime', () => {
  it('runs .py entry points only, and finds this machine able (Python 3.11+, Pillow)', async () => {
    const facts = await probePython(PYTHON);
    expect(facts).toMatchObject({ python: PYTHON, problem: null, version: expect.stringMatching(/^3\.\d+$/) });
    const rt = createPythonRuntime(facts);
    expect([rt.accepts('/p/manager.py'), rt.accepts('/p/plugin.mjs'), rt.accepts('/p/x.js')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(rt.unavailable()).toBeNull();
  });

  it('says why it cannot run: an interpreter that is missing, too old, or without Pillow', async () => {
    const gone = await probePython('/nonexistent/python3');
    expect(gone.problem).toMatch(/\/nonexistent\/python3 could not be run/);
    expect(createPythonRuntime(gone).unavailable()).toBe(gone.problem);
    expect(judge('/usr/bin/python3', [3, 9], true)).toMatch(/is Python 3\.9; LEDMatrix plugins need 3\.11 or later/);
    expect(judge('/usr/bin/python3', [3, 12], false)).toMatch(/has no Pillow.*python3-pil/);
    expect(judge('/usr/bin/python3', [3, 11], true)).toBeNull();
  });

  it("starts the plugin's own venv interpreter when it has one, with a clean environment and its grants", () => {
    const rt = createPythonRuntime({ python: '/usr/bin/python3', version: '3.11', problem: null });
    const plain = tempDir('py-plain-');
    const withVenv = tempDir('py-venv-');
    fs.mkdirSync(path.join(withVenv, '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(withVenv, '.venv', 'bin', 'python'), '');
    process.env.NOTIFY_SOCKET = '/run/systemd/notify';
    process.env.MARQUEE_TOKEN_FOR_TEST = 'secret';
    try {
      const a = rt.launch(grants(plain));
      const b = rt.launch(grants(withVenv));
      expect(a.command).toBe('/usr/bin/python3');
      expect(b.command).toBe(path.join(withVenv, '.venv', 'bin', 'python'));
      expect(a.args).toEqual(['-s', '-m', 'marquee_host', '--read', plain, '--write', '/data/plugins/x']);
      expect(Object.keys(a.env).sort()).toEqual(
        ['LANG', 'MALLOC_ARENA_MAX', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'PYTHONNOUSERSITE', 'PYTHONUNBUFFERED'].sort(),
      );
      expect(rt.pluginFields!(withVenv)).toEqual({ venv: path.join(withVenv, '.venv') });
      expect(rt.pluginFields!(plain)).toEqual({});
    } finally {
      delete process.env.NOTIFY_SOCKET;
      delete process.env.MARQUEE_TOKEN_FOR_TEST;
    }
  });

  it('a host refuses to load a plugin outside the folders it was started with', async () => {
    const { plugins } = installFixtures(['hello-text', 'tz-clock']);
    const text = plugins['hello-text']!;
    const host = startHost({ args: ['--read', text.dir, '--write', text.data_dir] });
    fs.mkdirSync(text.data_dir, { recursive: true });
    await initHost(host);
    expect(await loadPlugin(host, plugins['tz-clock']!)).toMatchObject({
      t: 'error',
      code: 'HOST_CONFINED',
      message: expect.stringMatching(/tz-clock is not a folder this host was granted/),
    });
    expect(await loadPlugin(host, text, { message: 'Hi' })).toMatchObject({ t: 'done', has_update: true });
  });
});

describe('LEDMatrix plugin folders as the display reads them', () => {
  const write = (manifest: Record<string, unknown>, files: string[] = ['manager.py']) => {
    const dir = path.join(tempDir('lm-dir-'), String(manifest.id));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    for (const f of files) fs.writeFileSync(path.join(dir, f), '');
    return dir;
  };

  it('takes manager.py as the entry of a manifest naming a class_name, or its own .py entry_point', () => {
    const a = write({ id: 'a', class_name: 'A' });
    expect(readPluginDir('a', a)).toMatchObject({ entry: path.join(a, 'manager.py'), problem: null });
    const b = write({ id: 'b', class_name: 'B', entry_point: 'main.py' }, ['main.py']);
    expect(readPluginDir('b', b)).toMatchObject({ entry: path.join(b, 'main.py'), problem: null });
  });

  it("accepts LEDMatrix's ledmatrix-<id> manifest id in the folder of plugin <id>, and nothing else", () => {
    const w = write({ id: 'ledmatrix-weather', class_name: 'W' });
    expect(readPluginDir('ledmatrix-weather', w).problem).toBeNull();
    const renamed = path.join(path.dirname(w), 'weather');
    fs.renameSync(w, renamed);
    expect(readPluginDir('weather', renamed)).toMatchObject({ entry: path.join(renamed, 'manager.py'), problem: null });
    expect(readPluginDir('other', renamed).problem).toMatch(/manifest id "ledmatrix-weather" is not other/);
  });

  it('finds the class of a manifest naming none in its entry module, and hands it on in the manifest', () => {
    const e = write({ id: 'e' }, []);
    fs.writeFileSync(path.join(e, 'manager.py'), 'class Helper:\n    pass\n\nclass E(BasePlugin):\n    pass\n');
    expect(readPluginDir('e', e)).toMatchObject({
      entry: path.join(e, 'manager.py'),
      problem: null,
      manifest: { id: 'e', class_name: 'E' },
    });
  });

  it('says what is wrong: no class_name and no class to find, several to choose from, a missing manager.py', () => {
    const c = write({ id: 'c', entry_point: 'manager.py' });
    expect(readPluginDir('c', c)).toMatchObject({
      entry: null,
      problem: expect.stringMatching(/^manager\.py has no class deriving from BasePlugin \(it defines no class\)/),
    });
    fs.writeFileSync(path.join(c, 'manager.py'), 'class A(BasePlugin):\n    pass\nclass B(BasePlugin):\n    pass\n');
    expect(readPluginDir('c', c)).toMatchObject({
      entry: null,
      problem: expect.stringMatching(/^manager\.py has several classes deriving from BasePlugin: A, B;/),
    });
    const d = write({ id: 'd', class_name: 'D' }, []);
    expect(readPluginDir('d', d)).toMatchObject({ entry: null, problem: 'entry_point manager.py does not exist' });
  });
});
