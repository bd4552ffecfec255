/**
 * After a restore: the plugins the backup lists and the device lacks are installed as ordinary
 * `install` operations (registry plugins at the registry's current version, URL plugins from their
 * repository, a first-party one from its own folder). One that cannot be queued now (already busy,
 * queue full) is named in the result; the reconciler installs it later from config.json anyway.
 */
import type { PluginStateRow } from '../../db/schema/plugins.ts';
import { isAppError } from '../platform/errors/app-error.ts';
import { INSTALL_KIND } from '../plugins/ops/install.ts';
import type { Queue } from '../queue/types.ts';
import type { BackupPlugin } from './manifest.ts';
import { cannotInstall } from './preview.ts';

export type Reinstalls = {
  queued: Array<{ plugin_id: string; operation_id: string }>;
  not_queued: Array<{ plugin_id: string; reason: string }>;
};

function installParams(p: BackupPlugin): Record<string, string> {
  if (p.source !== 'url') return { plugin_id: p.id };
  const out: Record<string, string> = { plugin_id: p.id, repo_url: p.repo! };
  if (p.branch) out.branch = p.branch;
  if (p.plugin_path) out.plugin_path = p.plugin_path;
  return out;
}

export function reinstallMissing(
  queue: Pick<Queue, 'enqueue'>,
  listed: BackupPlugin[],
  installed: Pick<PluginStateRow, 'id' | 'status' | 'present'>[],
): Reinstalls {
  const here = new Set(installed.filter((p) => p.status !== 'uninstalled' && p.present).map((p) => p.id));
  const out: Reinstalls = { queued: [], not_queued: [] };
  for (const p of listed) {
    if (here.has(p.id)) continue;
    const reason = cannotInstall(p);
    if (reason) {
      out.not_queued.push({ plugin_id: p.id, reason });
      continue;
    }
    try {
      const r = queue.enqueue({ kind: INSTALL_KIND, key: p.id, params: installParams(p), requestedBy: 'system' });
      out.queued.push({ plugin_id: p.id, operation_id: r.operation.id });
    } catch (e) {
      // The restore is committed by now: a plugin that cannot be queued is reported, never undoes it.
      out.not_queued.push({ plugin_id: p.id, reason: isAppError(e) ? e.message : String(e) });
    }
  }
  return out;
}
