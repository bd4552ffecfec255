import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Frame } from '../../../../core/render/frame.ts';
import { runHarness } from '../../../../core/harness/run.ts';
import { pluginContext } from '../../../../test/support/plugin-context.ts';
import Hello from '../index.mjs';

describe('the example plugin of docs/PLUGINS.md', () => {
  it('renders at every panel size as its goldens, inside the panel', async () => {
    const report = await runHarness({ pluginDir: path.join(import.meta.dirname, '..') });
    expect(report.results.flatMap((r) => r.problems)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('has nothing to show without a name, and takes a new name without a restart', () => {
    const { ctx } = pluginContext({ config: { name: '' } });
    const hello = new Hello(ctx);
    const frame = new Frame(64, 32);
    expect(hello.render(frame)).toBe(false);
    hello.onConfigChange({ name: 'you' });
    expect(hello.render(frame)).toBe(true);
    expect(frame.clipped).toBe(0);
  });

  it('cuts a name too long for the panel instead of drawing off it', () => {
    const { ctx } = pluginContext({ config: { name: 'a name far too long for a small panel' } });
    const frame = new Frame(64, 32);
    expect(new Hello(ctx).render(frame)).toBe(true);
    expect(frame.clipped).toBe(0);
  });
});

describe('docs/PLUGINS.md', () => {
  it('shows the example exactly as it is tested here', () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../../PLUGINS.md'), 'utf8');
    const blocks = [...doc.matchAll(/```(?:json|js)\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    for (const file of ['manifest.json', 'config_schema.json', 'index.mjs'])
      expect(blocks, file).toContain(fs.readFileSync(path.join(import.meta.dirname, '..', file), 'utf8').trim());
  });
});
