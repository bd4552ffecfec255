/**
 * The `install` operation (key: the plugin id, or `url:<repo>` for a URL install without an id):
 * resolving (the registry entry, fresh) → downloading → extracting → validating → activating.
 * A first-party plugin is never downloaded: its files ship with Marquee, so installing it again
 * only lifts the tombstone its removal left.
 */
import path from 'node:path';
import { AppError, isAppError } from '../../platform/errors/app-error.ts';
import type { Executor, ExecutorContext, JsonValue } from '../../queue/types.ts';
import { refreshPlugin } from '../state/discovery.ts';
import { publishPluginChanged } from '../state/events.ts';
import { exists } from '../staging/files.ts';
import { folderOrigin } from '../package/install-meta.ts';
import { precheckManifest } from '../precheck.ts';
import { registrySource, urlSource } from '../source.ts';
import { adoptLedmatrixSection } from './legacy-section.ts';
import { getPluginState, recordEnabled } from '../state/rows.ts';
import { removeTombstone } from '../state/tombstones.ts';
import {
  enabledInConfig,
  fetchAndInstall,
  settleLeftovers,
  stagedProgress,
  type LifecycleHooks,
  type LifecycleDeps,
} from './common.ts';
import { installParams, parseParams, type InstallParams } from './params.ts';

export const INSTALL_KIND = 'install';

export interface InstallResult {
  [key: string]: string | boolean | null;
  plugin_id: string;
  version: string | null;
  previous_version: string | null;
  source: string;
  branch: string | null;
  commit: string | null;
  message: string;
}

/** The plugin's folder holds a first-party plugin: bring it back instead of downloading. */
async function restoreBuiltin(deps: LifecycleDeps, id: string): Promise<InstallResult | null> {
  const dir = path.join(deps.settings.pluginsDir, id);
  if (!(await exists(dir))) return null;
  if ((await folderOrigin(dir, deps.settings.registry.builtinDir)).source !== 'builtin') return null;
  const wasHidden = removeTombstone(deps, id);
  await refreshPlugin(deps, id, { enabledOf: (x) => enabledInConfig(deps, x) });
  deps.config.invalidatePlugin(id);
  const row = getPluginState(deps, id);
  return {
    plugin_id: id,
    version: row?.version ?? null,
    previous_version: row?.version ?? null,
    source: 'builtin',
    branch: null,
    commit: null,
    message: wasHidden ? `Plugin ${id} (built in) restored` : `Plugin ${id} is built in and already installed`,
  };
}

/** The registry entry's source, once its manifest (fetched alone) has not refused it. */
async function fromRegistry(deps: LifecycleDeps, ctx: ExecutorContext, p: InstallParams) {
  const entry = await deps.lookup(p.plugin_id!, { signal: ctx.signal });
  await precheckManifest(deps, entry, { branch: p.branch, signal: ctx.signal });
  return registrySource(entry, p);
}

async function install(
  deps: LifecycleDeps,
  ctx: ExecutorContext,
  p: InstallParams,
  hooks: LifecycleHooks,
): Promise<InstallResult> {
  const report = stagedProgress(ctx.progress);
  report(0, 'resolving', p.repo_url ?? p.plugin_id);
  if (!p.repo_url && p.plugin_id) {
    const restored = await restoreBuiltin(deps, p.plugin_id);
    if (restored) return restored;
  }
  const source = p.repo_url ? urlSource({ ...p, repo_url: p.repo_url }) : await fromRegistry(deps, ctx, p);
  const fetch = { deps, opId: ctx.op.id, kind: 'install' as const, signal: ctx.signal, report, ...hooks };
  const r = await fetchAndInstall(fetch, source);
  const id = r.manifest.id;
  await adoptLedmatrixSection(deps, id, ctx.signal);
  deps.config.invalidatePlugin(id);
  const row = getPluginState(deps, id);
  return {
    plugin_id: id,
    version: r.manifest.version,
    previous_version: r.previousVersion,
    source: source.origin.source,
    branch: row?.branch ?? null,
    commit: r.commit,
    message: `Plugin ${id} installed successfully${row?.branch ? ` (branch: ${row.branch})` : ''}`,
  };
}

/**
 * Switches the installed plugin on as a toggle does (its config section, then its row). A plugin
 * whose settings refuse it (a required setting without a default) stays installed and off: the
 * install itself succeeded, and the result says why it is not on.
 */
async function enableInstalled(deps: LifecycleDeps, ctx: ExecutorContext, r: InstallResult): Promise<InstallResult> {
  ctx.progress(1, 'enabling');
  try {
    await deps.config.apply({ op: 'plugin', plugin_id: r.plugin_id, config: { enabled: true } }, ctx.signal);
  } catch (e) {
    if (!isAppError(e) || e.transient) throw e;
    return { ...r, enabled: false, enable_error: e.message, message: `${r.message}; not switched on: ${e.message}` };
  }
  recordEnabled(deps, r.plugin_id, true);
  return { ...r, enabled: true, message: `${r.message} and switched on` };
}

const needsTarget = () =>
  new AppError('VALIDATION_ERROR', {
    message: 'An install needs a plugin_id (from the registry) or a repo_url',
    context: { problems: [{ in: 'params', field: 'plugin_id', expected: 'a plugin id', received: 'undefined' }] },
  });

export function installExecutor(
  deps: LifecycleDeps,
  timeoutMs: number,
  hooks: LifecycleHooks = {},
): Executor<JsonValue, InstallResult> {
  return {
    kind: INSTALL_KIND,
    timeoutMs,
    async run(ctx) {
      const p = parseParams(installParams, ctx.params);
      if (!p.plugin_id && !p.repo_url) throw needsTarget();
      await settleLeftovers(deps, ctx.op.id);
      const installed = await install(deps, ctx, p, hooks);
      const result = p.enable ? await enableInstalled(deps, ctx, installed) : installed;
      publishPluginChanged(deps, result.plugin_id);
      return result;
    },
    async recover({ op }) {
      await settleLeftovers(deps, op.id);
    },
  };
}
