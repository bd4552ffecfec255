import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHarness } from '../../core/harness/run.ts';
import { loadSettings } from '../../hono.config.ts';
import { extractArchive } from '../../core/plugins/archive/extract.ts';
import { archiveLimits } from '../../core/plugins/archive/limits.ts';
import { parseManifest } from '../../core/plugins/package/manifest.ts';
import { listPlugins } from '../../core/registry/browse.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { parseRegistry } from '../../core/registry/registry-format.ts';
import { DEMO_PLUGINS, startDemoRegistry, type DemoRegistry } from '../../scripts/registry-demo.ts';
import { testDeps } from '../support/deps.ts';
import { spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const running: DemoRegistry[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});
const start = async () => {
  const demo = await startDemoRegistry({ port: 0 });
  running.push(demo);
  return demo;
};

describe('npm run registry:demo', () => {
  it('serves a registry whose every entry is valid and points at an archive of a plugin Marquee accepts', async () => {
    const demo = await start();
    const doc = parseRegistry(await (await fetch(demo.url)).text(), 'demo');
    expect(doc.skipped).toEqual([]);
    expect(doc.entries.map((e) => e.id)).toEqual(['hello', 'bounce', 'box']);
    for (const entry of doc.entries) {
      const res = await fetch(entry.versions[0]!.download_url!);
      expect(res.headers.get('content-type')).toBe('application/zip');
      const zip = path.join(tempDir(), `${entry.id}.zip`);
      fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
      const dest = path.join(tempDir(), entry.id);
      await extractArchive(zip, dest, { limits: archiveLimits(loadSettings({})) });
      const manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(dest, 'manifest.json'), 'utf8')));
      expect(manifest).toMatchObject({ id: entry.id, version: entry.latest_version });
      expect(fs.existsSync(path.join(dest, manifest.entry_point))).toBe(true);
      expect(fs.existsSync(path.join(dest, 'test')), 'tests are left out of the archive').toBe(false);
    }
    expect((await fetch(demo.url.replace('plugins.json', 'archives/nope.zip'))).status).toBe(404);
  });

  it('is listed by the store when added as a source', async () => {
    const demo = await start();
    const deps = testDeps({ 'registry.sources': [demo.url], 'github.enrich': false });
    enqueueRefresh(deps, undefined, 'api');
    await deps.queue.runOnce();
    const listed = await listPlugins(deps, {});
    expect(listed.plugins.map((p) => p.id).sort()).toEqual(['bounce', 'box', 'hello']);
  });

  it('ships samples that render at every panel size (those with goldens match them)', async () => {
    for (const dir of DEMO_PLUGINS.filter((d) => fs.existsSync(path.join(d, 'test', 'golden')))) {
      const report = await runHarness({ pluginDir: dir });
      expect(report.results.flatMap((r) => r.problems.map((p) => `${r.size} ${p.message}`))).toEqual([]);
    }
  });

  it('prints the URL to add as a source', async () => {
    const proc = spawnNode('scripts/registry-demo.ts', { args: ['--port', '0'] });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        // Waits for the last line, so the whole message has been printed.
        const m = /Demo registry: (http:\/\/127\.0\.0\.1:\d+\/plugins\.json)/.exec(proc.stdout());
        if (m && proc.stdout().includes('Ctrl+C')) (clearInterval(timer), resolve(m[1]!));
      }, 20);
      void proc.exited.then(() => (clearInterval(timer), reject(new Error(proc.stderr()))));
    });
    expect(proc.stdout()).toContain(`MARQUEE_REGISTRY_SOURCES=${url}`);
    expect((await fetch(url)).status).toBe(200);
    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
  });
});
