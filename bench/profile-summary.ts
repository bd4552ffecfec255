/**
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]`: self time per function of a
 * V8 CPU profile (`node --cpu-prof`), largest first, as a share of the samples taken while the
 * process was not idle.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per `function file:line`, and the busy total (idle and GC listed as themselves). */
export function selfTimes(profile: CpuProfile): { busyMs: number; rows: Array<[string, number]> } {
  const names = new Map<number, string>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? ` ${path.basename(url)}:${lineNumber + 1}` : '';
    names.set(n.id, `${functionName || '(anonymous)'}${where}`);
  }
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const name = names.get(id)!;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const busyMs = [...totals].filter(([n]) => n !== '(idle)').reduce((s, [, ms]) => s + ms, 0);
  return { busyMs, rows: [...totals].sort((a, b) => b[1] - a[1]) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const { busyMs, rows } = selfTimes(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  console.log(`busy ${busyMs.toFixed(0)} ms`);
  for (const [name, ms] of rows.slice(0, Number(top)))
    console.log(`${((100 * ms) / busyMs).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
}
