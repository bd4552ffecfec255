/**
 * `npm run plugin:render -- <plugin> [--size WxH]... [--mode m]... [--out dir] [--update]`
 *
 * Renders a plugin (an id in plugin-repos/ or a folder path) at every panel size and mode with the
 * fixture in its test/harness.json, and compares each frame with test/golden/<WxH>/<mode>.png.
 * Exits 1 when a frame fails (error, blank, drawn off the panel, different from its golden).
 * `--update` records the goldens of frames that are otherwise fine; `--out` writes every frame
 * (and a diff image per difference) to a folder for looking at.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../hono.config.ts';
import { resolvePluginDir, runHarness, type HarnessReport } from '../core/harness/run.ts';

const USAGE = 'usage: npm run plugin:render -- <plugin> [--size WxH]... [--mode m]... [--out dir] [--update]';

function print(report: HarnessReport): void {
  const rel = (f: string) => path.relative(process.cwd(), f);
  for (const e of report.loadErrors) console.log(`FAIL ${report.plugin} ${e.size}: did not load: ${e.error}`);
  for (const r of report.results) {
    const ms = Math.max(...r.ms).toFixed(2);
    if (r.problems.length === 0)
      console.log(`ok   ${r.size.padEnd(8)} ${r.mode} (${ms} ms)${r.updated ? ` → ${rel(r.golden)}` : ''}`);
    for (const p of r.problems) console.log(`FAIL ${r.size.padEnd(8)} ${r.mode}: ${p.message}`);
  }
  if (!report.ok)
    for (const l of report.logs.filter((x) => x.level === 'warn' || x.level === 'error'))
      console.log(`     plugin log ${l.level}: ${l.msg} ${l.fields ? JSON.stringify(l.fields) : ''}`);
  const failed = report.results.filter((r) => r.problems.length).length + report.loadErrors.length;
  console.log(`${report.plugin}: ${report.results.length} frame(s), ${failed} failed`);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        size: { type: 'string', multiple: true },
        mode: { type: 'string', multiple: true },
        out: { type: 'string' },
        update: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  try {
    const settings = loadSettings();
    const report = await runHarness({
      pluginDir: resolvePluginDir(positionals[0]!, settings.pluginsDir),
      hostUser: { uid: settings.plugins.hostUid, gid: settings.plugins.hostGid },
      sizes: values.size,
      modes: values.mode,
      outDir: values.out ? path.resolve(values.out) : undefined,
      update: values.update,
    });
    print(report);
    return report.ok ? 0 : 1;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
}

process.exitCode = await main();
