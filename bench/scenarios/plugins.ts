/**
 * First-party plugins in the render harness: render time per frame in the plugin's worker, each
 * mode at every panel size, 200 frames each (33 ms apart in plugin time, so animations move).
 * Target (plugin SDK issue): every plugin at every size ≤ 5 ms p99. The first frame of a fresh
 * worker (code not yet compiled, fonts not yet decoded) is reported on its own: it happens once
 * per worker start, not at the frame rate.
 */
import { firstPartyIds } from '../../core/plugins/package/install-meta.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { runHarness } from '../../core/harness/run.ts';
import { percentile, type Row } from '../harness.ts';

const REPOS = path.join(PROJECT_ROOT, 'plugin-repos');
const FRAMES = 200;

export const scenario = {
  name: 'plugins',
  async run() {
    const rows: Row[] = [];
    const ids = firstPartyIds(REPOS);
    for (const id of ids.sort()) {
      const report = await runHarness({ pluginDir: path.join(REPOS, id), repeat: FRAMES - 1, concurrency: 1 });
      const worst = report.results
        .map((r) => ({ at: `${r.size} ${r.mode}`, p99: percentile(r.ms.slice(1), 99) }))
        .sort((a, b) => b.p99 - a.p99)[0]!;
      const all = report.results.flatMap((r) => r.ms.slice(1));
      const cold = Math.max(...report.results.map((r) => r.ms[0]!));
      rows.push({
        scenario: 'plugins',
        metric: `${id}: render p99 (all sizes and modes together)`,
        value: round(percentile(all, 99)),
        unit: 'ms',
      });
      rows.push({
        scenario: 'plugins',
        metric: `${id}: render p50 (all sizes and modes)`,
        value: round(percentile(all, 50)),
        unit: 'ms',
      });
      rows.push({
        scenario: 'plugins',
        metric: `${id}: render p99, worst size (${worst.at})`,
        value: round(worst.p99),
        unit: 'ms',
        target: '<= 5',
      });
      rows.push({
        scenario: 'plugins',
        metric: `${id}: first frame of a fresh worker, worst`,
        value: round(cold),
        unit: 'ms',
      });
    }
    // Render times are wall-clock in the worker: on a loaded machine the p99 measures preemption too.
    rows.push({
      scenario: 'plugins',
      metric: 'machine load average (1 min) after the run',
      value: os.loadavg()[0]!,
      unit: '',
    });
    return rows;
  },
};

const round = (n: number) => Math.round(n * 1000) / 1000;
