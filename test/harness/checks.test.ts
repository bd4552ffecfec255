import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HARNESS_SIZES, parseSize } from '../../core/harness/sizes.ts';
import { runHarness, type HarnessReport } from '../../core/harness/run.ts';
import { spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/plugins/harness');

/** A copy of a fixture plugin in a temp folder, so goldens and fixtures can be written. */
function copy(name: string, harness?: Record<string, unknown>): string {
  const root = tempDir('marquee-harness-');
  // Plugin hosts run as another user when the tests run as root: the folder must be readable to it.
  fs.chmodSync(root, 0o755);
  const dir = path.join(root, name);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  if (harness) {
    fs.mkdirSync(path.join(dir, 'test'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'test', 'harness.json'), JSON.stringify(harness));
  }
  return dir;
}

const kinds = (r: HarnessReport) => r.results.map((x) => `${x.size} ${x.problems.map((p) => p.kind).join(',')}`);

describe('render harness checks', () => {
  it('flags a plugin that says it drew but left the panel blank, at every size', async () => {
    const report = await runHarness({ pluginDir: copy('blank') });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(HARNESS_SIZES.map((s) => `${s} blank,no-golden`));
  });

  it('flags a plugin with nothing to show for its fixture', async () => {
    const report = await runHarness({ pluginDir: copy('empty'), sizes: ['64x32'] });
    expect(report.results[0]!.problems[0]).toMatchObject({ kind: 'blank', message: expect.stringContaining('false') });
  });

  it('flags drawing outside the panel only where it happens, unless the mode is allowed to', async () => {
    const report = await runHarness({ pluginDir: copy('offpanel'), update: true });
    const off = report.results.filter((r) => r.problems.some((p) => p.kind === 'offpanel')).map((r) => r.size);
    expect(off).toEqual(['64x32', '64x64', '96x48']);
    expect(report.results.find((r) => r.size === '64x32')!.problems[0]!.message).toBe(
      '256 pixel(s) drawn outside the 64×32 panel',
    );
    const allowed = await runHarness({ pluginDir: copy('offpanel', { allow_offpanel: ['offpanel'] }), update: true });
    expect(allowed.ok).toBe(true);
  });

  it('reports a render that throws with its message', async () => {
    const report = await runHarness({ pluginDir: copy('throws'), sizes: ['128x32'] });
    expect(report.results[0]!.problems).toEqual([{ kind: 'error', message: 'render failed: Error: layout bug' }]);
  });

  it('reports a plugin that cannot load at each size instead of hanging', async () => {
    const dir = copy('box');
    fs.writeFileSync(path.join(dir, 'index.mjs'), 'throw new Error("bad import");');
    const report = await runHarness({ pluginDir: dir, sizes: ['64x32', '128x32'] });
    expect(report.ok).toBe(false);
    expect(report.loadErrors.map((e) => e.error)).toEqual([
      expect.stringContaining('bad import'),
      expect.stringContaining('bad import'),
    ]);
  });

  it('records goldens on request, passes against them, and fails on a difference with a diff image', async () => {
    const dir = copy('box');
    const recorded = await runHarness({ pluginDir: dir, update: true });
    expect(recorded.ok).toBe(true);
    expect(recorded.results.every((r) => r.updated)).toBe(true);
    for (const size of HARNESS_SIZES) expect(fs.existsSync(path.join(dir, 'test/golden', size, 'box.png'))).toBe(true);
    expect((await runHarness({ pluginDir: dir })).ok).toBe(true);
    const again = await runHarness({ pluginDir: dir, update: true });
    expect(again.results.some((r) => r.updated)).toBe(false);

    fs.writeFileSync(path.join(dir, 'test', 'harness.json'), JSON.stringify({ config: { inset: 1 } }));
    const out = tempDir('marquee-harness-out-');
    const changed = await runHarness({ pluginDir: dir, sizes: ['64x32'], outDir: out });
    expect(changed.ok).toBe(false);
    expect(changed.results[0]!.problems).toEqual([
      {
        kind: 'differs',
        message: expect.stringMatching(/^\d+ pixel\(s\) differ from the golden image, within 64×32 at \(0, 0\)$/),
      },
    ]);
    expect(fs.readdirSync(path.join(out, '64x32')).sort()).toEqual(['box.diff.png', 'box.png']);
  });

  it('never records a golden of a blank frame', async () => {
    const dir = copy('blank');
    const report = await runHarness({ pluginDir: dir, update: true });
    expect(report.ok).toBe(false);
    expect(fs.existsSync(path.join(dir, 'test', 'golden'))).toBe(false);
  });

  it('refuses a mode the plugin does not have, a bad size and a bad fixture, naming the problem', async () => {
    const dir = copy('box');
    await expect(runHarness({ pluginDir: dir, modes: ['nope'] })).rejects.toThrow('box has no mode nope (modes: box)');
    expect(() => parseSize('128by32')).toThrow('such as 128x32; got 128by32');
    await expect(runHarness({ pluginDir: copy('box', { freeze_time: 'yesterday' }) })).rejects.toThrow(
      'freeze_time: expected an ISO date and time, received "yesterday"',
    );
  });
});

describe('npm run plugin:render', () => {
  it('exits 1 and names the failures for a blank plugin, 0 for one that matches its goldens', async () => {
    const blank = spawnNode('scripts/plugin-render.ts', { args: [copy('blank'), '--size', '64x32'] });
    expect((await blank.exited).code).toBe(1);
    expect(blank.stdout()).toContain('FAIL 64x32    blank: the frame is blank (every pixel black)');
    const dir = copy('box');
    const update = spawnNode('scripts/plugin-render.ts', {
      args: [dir, '--update', '--size', '64x32', '--size', '256x128'],
    });
    expect((await update.exited).code).toBe(0);
    expect(update.stdout()).toContain(`→ ${path.relative(process.cwd(), path.join(dir, 'test/golden/64x32/box.png'))}`);
    const usage = spawnNode('scripts/plugin-render.ts', { args: [] });
    expect((await usage.exited).code).toBe(2);
    expect(usage.stderr()).toContain('usage: npm run plugin:render');
  });
});
