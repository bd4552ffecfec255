/**
 * Which runtime a registry entry's plugin needs, told without fetching anything: the entry's own
 * `runtime` when it says; Marquee's first-party plugins are `node`; an entry of LEDMatrix's layout
 * (a `ledmatrix-<id>` folder, or a repository named for LEDMatrix) is `python`; anything else is
 * taken for Marquee's own. The install reads the manifest itself, so a wrong guess here costs only
 * the label on a store card.
 */
import type { RegistryEntry } from './registry-format.ts';
import { BUILTIN_SOURCE } from './sources.ts';

export type EntryRuntime = 'node' | 'python';

/** What the store needs to know of the machine: the last verdict for each runtime. */
export interface RuntimeView {
  known(runtime: EntryRuntime): { runnable: boolean; reason: string | null } | null;
  check(runtime: EntryRuntime): Promise<unknown>;
}

const LEDMATRIX = /ledmatrix/i;

export function entryRuntime(e: Pick<RegistryEntry, 'runtime' | 'source' | 'plugin_path' | 'repo'>): EntryRuntime {
  if (e.runtime) return e.runtime;
  if (e.source === BUILTIN_SOURCE) return 'node';
  const folder = e.plugin_path.split('/').filter(Boolean).at(-1) ?? '';
  if (folder.startsWith('ledmatrix-')) return 'python';
  const repoName = e.repo.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return LEDMATRIX.test(repoName) ? 'python' : 'node';
}

/** The store's fields: `runtime`, `runnable` and, when not runnable, why (unknown counts as runnable). */
export function runtimeFields(e: Parameters<typeof entryRuntime>[0], machine: RuntimeView | undefined) {
  const runtime = entryRuntime(e);
  const verdict = machine?.known(runtime);
  const runnable = verdict?.runnable ?? true;
  return { runtime, runnable, runnableReason: runnable ? null : (verdict?.reason ?? null) };
}
