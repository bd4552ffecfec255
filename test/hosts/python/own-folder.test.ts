/**
 * A LEDMatrix plugin that writes into its own folder (a logo cache, a `.cache`), as LEDMatrix lets
 * it: it loads and reads back what it wrote, the writes land in its data folder, and its installed
 * files are never changed. An update or reinstall starts it from its new files alone.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeOf } from '../../support/zip.ts';
import { FIXTURES, initHost, installFixtures, loadPlugin, render, startHost, type PluginPlace } from './host-client.ts';

/** Every file under `dir` with its content's hash: what "unchanged" means. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of treeOf(dir).filter((r) => !r.endsWith('/')))
    out[rel] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(dir, rel)))
      .digest('hex');
  return out;
}

async function startOnce(p: PluginPlace) {
  const host = startHost();
  await initHost(host);
  const loaded = await loadPlugin(host, p);
  expect(loaded, JSON.stringify(loaded)).toMatchObject({ t: 'done' });
  const { reply } = await host.request('action', { plugin_id: p.id, action: 'info', params: {} });
  const frame = await render(host, p.id);
  host.child.kill('SIGKILL');
  await host.exited;
  return { info: reply.result as Record<string, unknown>, frame };
}

describe('Python host: a plugin that writes into its own folder', () => {
  it('loads, reads back what it wrote, and leaves its installed files as they were', async () => {
    const { plugins } = installFixtures(['own-files']);
    const p = plugins['own-files']!;
    const before = fingerprint(p.dir);
    const { info, frame } = await startOnce(p);
    const own = path.join(p.data_dir, 'root', 'plugin-repos', 'own-files');
    expect(info).toEqual({
      logo: 'logo of ACME',
      starts: 1,
      shipped_at_start: 'installed\n',
      shipped: 'rewritten by the plugin',
      resolved_root_has_src: true,
      here: own,
    });
    expect(frame.reply).toMatchObject({ t: 'done', shown: true });
    expect(frame.frames.length).toBeGreaterThan(0);
    expect(frame.frames.at(-1)!.payload.some((b) => b > 0)).toBe(true);
    // What it wrote is in its data folder; its installed folder holds exactly what was installed.
    expect(fs.readFileSync(path.join(own, 'assets', 'logos', 'ACME.txt'), 'utf8')).toBe('logo of ACME');
    expect(fs.readFileSync(path.join(own, '.cache', 'starts.json'), 'utf8')).toBe('{"starts": 1}');
    expect(fingerprint(p.dir)).toEqual(before);
    expect(fs.existsSync(path.join(p.dir, 'assets', 'logos'))).toBe(false);
  });

  it('keeps what it wrote across starts, gives it the installed files back, and drops it all on a reinstall', async () => {
    const { plugins, pluginsDir } = installFixtures(['own-files']);
    const p = plugins['own-files']!;
    await startOnce(p);
    const second = await startOnce(p);
    expect(second.info).toMatchObject({ starts: 2, shipped_at_start: 'installed\n' });

    // A reinstall or an update renames a new folder into place (core/plugins/staging/).
    const fresh = path.join(pluginsDir, '.staging-new');
    fs.cpSync(path.join(FIXTURES, 'own-files'), fresh, { recursive: true });
    fs.writeFileSync(path.join(fresh, 'assets', 'shipped.txt'), 'version 2\n');
    fs.rmSync(p.dir, { recursive: true });
    fs.renameSync(fresh, p.dir);
    const before = fingerprint(p.dir);
    const third = await startOnce(p);
    expect(third.info).toMatchObject({ starts: 1, shipped_at_start: 'version 2\n', logo: 'logo of ACME' });
    expect(fingerprint(p.dir)).toEqual(before);
  });
});
