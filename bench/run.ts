/**
 * `npm run bench [-- name ...]`: runs the benchmark scenarios in bench/scenarios/ (or the named
 * ones) against real processes on loopback and prints one table with each figure and its target.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Row, Scenario } from './harness.ts';

function meets(value: number, target?: string): string {
  if (!target) return '';
  const m = /^(<=|>=)\s*([\d.]+)/.exec(target);
  if (!m) return '';
  const limit = Number(m[2]);
  return (m[1] === '<=' ? value <= limit : value >= limit) ? 'ok' : 'MISSED';
}

import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, [path.join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
const dir = path.join(import.meta.dirname, 'scenarios');
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const rows: Row[] = [];
const failed: string[] = [];
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
for (const file of files) {
  const { scenario } = (await import(pathToFileURL(path.join(dir, file)).href)) as { scenario: Scenario };
  if (wanted.length && !wanted.includes(scenario.name)) continue;
  process.stdout.write(`running ${scenario.name}…\n`);
  // Each scenario's figures are printed as they come, and a failing one does not lose the others'.
  try {
    const got = await scenario.run();
    for (const r of got) console.log(`  ${r.metric}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ''}`);
    rows.push(...got);
  } catch (e) {
    failed.push(scenario.name);
    console.error(`${scenario.name} failed: ${(e as Error).stack ?? e}`);
  }
}
const table = [
  '| scenario | metric | value | target | |',
  '|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.metric} | ${r.value} ${r.unit} | ${r.target ? `${r.target} ${r.unit}` : ''} | ${meets(r.value, r.target)} |`,
  ),
];
console.log(table.join('\n'));
if (failed.length) {
  console.error(`scenarios that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
