/**
 * The `update` operation (key: the plugin id). Nothing is touched unless there is something newer:
 * a plugin managed locally (`local_only`) or shipped with Marquee, or one already at the registry's
 * latest version, ends successfully with its own message. Otherwise the new version is downloaded
 * and validated in staging, and swapped in; on any failure or cancel the running version stays
 * (or is put back, swap.ts).
 */
import type { PluginStateRow } from '../../../db/schema.ts';
import type { Platform } from '../../platform/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Executor, ExecutorContext, JsonValue } from '../../queue/types.ts';
import { isUpdateAvailable } from '../package/compat.ts';
import { isUnknownVersion } from '../../../shared/plugin-version.ts';
import { publishPluginChanged } from '../state/events.ts';
import { precheckManifest } from '../precheck.ts';
import { registrySource, urlSource, type ArchiveSource } from '../source.ts';
import { adoptLedmatrixSection } from './legacy-section.ts';
import { getPluginState } from '../state/rows.ts';
import { fetchAndInstall, settleLeftovers, stagedProgress, type LifecycleHooks, type LifecycleDeps } from './common.ts';
import { parseParams, updateParams } from './params.ts';

export const UPDATE_KIND = 'update';

export interface UpdateResult {
  [key: string]: string | boolean | null;
  plugin_id: string;
  updated: boolean;
  version: string | null;
  previous_version: string | null;
  latest_version: string | null;
  commit: string | null;
  message: string;
}

/** The installed plugin, or PLUGIN_NOT_FOUND (also what the route checks before enqueueing). */
export function installedRow(deps: Pick<Platform, 'db'>, id: string): PluginStateRow {
  const row = getPluginState(deps, id);
  if (row && row.present && row.status !== 'uninstalled') return row;
  throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} is not installed`, context: { plugin_id: id } });
}

const unchanged = (row: PluginStateRow, latest: string | null, message: string): UpdateResult => ({
  plugin_id: row.id,
  updated: false,
  version: row.version,
  previous_version: row.version,
  latest_version: latest,
  commit: null,
  message,
});

/** Where the new version comes from, or a finished result when there is nothing to do. */
async function plan(
  deps: LifecycleDeps,
  ctx: ExecutorContext,
  row: PluginStateRow,
): Promise<ArchiveSource | UpdateResult> {
  const id = row.id;
  if (row.localOnly)
    return unchanged(row, null, `Plugin ${id} is managed locally and does not receive registry updates`);
  if (row.source === 'builtin') return unchanged(row, null, `Plugin ${id} ships with Marquee and is updated with it`);
  if (row.source === 'url' && row.repo) {
    const src = { repo_url: row.repo, plugin_id: id, plugin_path: row.pluginPath ?? undefined };
    return urlSource({ ...src, branch: row.branch ?? undefined });
  }
  const entry = await deps.lookup(id, { signal: ctx.signal });
  // A version nobody stated cannot be compared: asked for, the update fetches the newest files.
  const unknown = row.version !== null && isUnknownVersion(row.version);
  if (!unknown && !isUpdateAvailable(row.version, entry.latest_version))
    return unchanged(row, entry.latest_version, `Plugin ${id} is already up to date (${row.version ?? 'unknown'})`);
  await precheckManifest(deps, entry, { signal: ctx.signal });
  // The installed folder's id wins over a registry alias (`ledmatrix-` prefix, folder name).
  return { ...registrySource(entry), pluginId: id };
}

async function update(
  deps: LifecycleDeps,
  ctx: ExecutorContext,
  id: string,
  hooks: LifecycleHooks,
): Promise<UpdateResult> {
  const report = stagedProgress(ctx.progress);
  report(0, 'resolving', id);
  const row = installedRow(deps, id);
  const planned = await plan(deps, ctx, row);
  if ('message' in planned) return planned;
  const fetch = { deps, opId: ctx.op.id, kind: 'update' as const, signal: ctx.signal, report, ...hooks };
  const r = await fetchAndInstall(fetch, planned);
  await adoptLedmatrixSection(deps, id, ctx.signal);
  deps.config.invalidatePlugin(id);
  const from = r.previousVersion ?? row.version;
  return {
    plugin_id: id,
    updated: true,
    version: r.manifest.version,
    previous_version: from,
    latest_version: r.manifest.version,
    commit: r.commit,
    message:
      from === r.manifest.version
        ? `Plugin ${id} reinstalled at ${r.manifest.version}`
        : `Plugin ${id} updated to ${r.manifest.version} (was ${from ?? 'unknown'})`,
  };
}

export function updateExecutor(
  deps: LifecycleDeps,
  timeoutMs: number,
  hooks: LifecycleHooks = {},
): Executor<JsonValue, UpdateResult> {
  return {
    kind: UPDATE_KIND,
    timeoutMs,
    async run(ctx) {
      const { plugin_id } = parseParams(updateParams, ctx.params);
      await settleLeftovers(deps, ctx.op.id);
      const result = await update(deps, ctx, plugin_id, hooks);
      if (result.updated) publishPluginChanged(deps, plugin_id);
      return result;
    },
    async recover({ op }) {
      await settleLeftovers(deps, op.id);
    },
  };
}
