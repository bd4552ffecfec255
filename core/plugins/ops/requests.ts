/**
 * What each lifecycle endpoint does before its operation runs: the checks that must answer at once
 * (a plugin absent from a fresh registry or not installed is a 404, not a failed operation in the
 * history; a URL Marquee may not fetch is a 400), then the enqueue. Executors check again, since
 * the world may change between the request and the run.
 */
import path from 'node:path';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Platform } from '../../platform/index.ts';
import { checkOutboundUrl } from '../../platform/net/url-policy.ts';
import type { EnqueueResult, Queue, WaitResult } from '../../queue/types.ts';
import { exists } from '../staging/files.ts';
import { canonicalPluginId, isPluginId } from '../package/id.ts';
import { folderOrigin } from '../package/install-meta.ts';
import { getPluginState } from '../state/rows.ts';
import type { UrlRequest } from '../source.ts';
import type { FreshLookup } from './common.ts';
import { INSTALL_KIND } from './install.ts';
import { assertToggleable, TOGGLE_KIND } from './toggle.ts';
import { UNINSTALL_KIND } from './uninstall.ts';
import { installedRow, UPDATE_KIND } from './update.ts';
import { trimEnd } from '../../platform/text.ts';

type Answer = Promise<EnqueueResult & WaitResult>;

/** What the checks read (the plugins folder, state rows), the queue operations go on, an install's registry lookup. */
interface RequestDeps extends Pick<Platform, 'settings' | 'db'> {
  queue: Queue;
  lookup: FreshLookup;
}

/** Params are JSON: optional fields that were not given are left out rather than set to undefined. */
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as { [k: string]: string };

export interface InstallRequest {
  plugin_id: string;
  version?: string;
  branch?: string;
  enable?: boolean;
}

export interface UninstallRequest {
  plugin_id: string;
  preserve_config?: boolean;
}

const enableOf = (req: { enable?: boolean }): { enable?: true } => (req.enable ? { enable: true } : {});

/** Whether the plugin's folder holds a first-party plugin, which installs from its own files. */
async function isBuiltinHere(deps: Pick<Platform, 'settings'>, id: string): Promise<boolean> {
  const dir = path.join(deps.settings.pluginsDir, id);
  return (await exists(dir)) && (await folderOrigin(dir, deps.settings.registry.builtinDir)).source === 'builtin';
}

/**
 * Resolves in the registry (404 when absent from fresh data, 503 when a source cannot be read),
 * then queues. A first-party plugin needs no registry: it is restored from its own folder.
 */
async function requestInstall(deps: RequestDeps, req: InstallRequest, signal?: AbortSignal): Answer {
  const id = (await isBuiltinHere(deps, req.plugin_id))
    ? req.plugin_id
    : (await deps.lookup(req.plugin_id, { signal })).id;
  const params = { ...defined({ plugin_id: id, version: req.version, branch: req.branch }), ...enableOf(req) };
  return deps.queue.enqueueAndWait({ kind: INSTALL_KIND, key: id, params }, 0);
}

/** The queue key of a URL install: the plugin id given, else the one the URL most likely holds. */
function urlKey(req: UrlRequest): string {
  if (req.plugin_id) return req.plugin_id;
  const tail = (p: string) => path.posix.basename(trimEnd(p, '/')).toLowerCase();
  const guess = req.plugin_path
    ? tail(req.plugin_path)
    : tail(new URL(req.repo_url).pathname).replace(/\.(git|zip)$/, '');
  return isPluginId(guess) ? canonicalPluginId(guess) : `url:${req.repo_url.slice(0, 190)}`;
}

async function requestInstallFromUrl(deps: RequestDeps, req: UrlRequest): Answer {
  // Refused here with the URL rule's own message; the download checks every redirect again.
  checkOutboundUrl(req.repo_url);
  const params = defined({ ...req, repo_url: req.repo_url.trim() });
  return deps.queue.enqueueAndWait({ kind: INSTALL_KIND, key: urlKey(req), params }, 0);
}

async function requestUpdate(deps: RequestDeps, pluginId: string, signal?: AbortSignal): Answer {
  installedRow(deps, pluginId);
  return deps.queue.enqueueAndWait(
    { kind: UPDATE_KIND, key: pluginId, params: { plugin_id: pluginId } },
    undefined,
    signal,
  );
}

/** Known means: its folder is there (even one that reappeared after an uninstall) or it has a live record. */
async function requestUninstall(deps: RequestDeps, req: UninstallRequest, signal?: AbortSignal): Answer {
  const row = getPluginState(deps, req.plugin_id);
  const onDisk = await exists(path.join(deps.settings.pluginsDir, req.plugin_id));
  if (!onDisk && (!row || row.status === 'uninstalled')) {
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${req.plugin_id} is not installed`,
      context: { plugin_id: req.plugin_id },
    });
  }
  const params = { plugin_id: req.plugin_id, preserve_config: req.preserve_config ?? false };
  return deps.queue.enqueueAndWait({ kind: UNINSTALL_KIND, key: req.plugin_id, params }, undefined, signal);
}

async function requestToggle(deps: RequestDeps, pluginId: string, enabled: boolean, signal?: AbortSignal): Answer {
  assertToggleable(deps, pluginId);
  return deps.queue.enqueueAndWait(
    { kind: TOGGLE_KIND, key: pluginId, params: { plugin_id: pluginId, enabled } },
    undefined,
    signal,
  );
}

/** The lifecycle endpoints' entry into the plugins room: each checks what answers at once, then enqueues. */
export interface PluginOps {
  install(req: InstallRequest, signal?: AbortSignal): Answer;
  installFromUrl(req: UrlRequest): Answer;
  update(pluginId: string, signal?: AbortSignal): Answer;
  uninstall(req: UninstallRequest, signal?: AbortSignal): Answer;
  toggle(pluginId: string, enabled: boolean, signal?: AbortSignal): Answer;
}

export function createPluginOps(
  base: Pick<Platform, 'settings' | 'db'>,
  services: { queue: Queue; lookup: FreshLookup },
): PluginOps {
  const deps: RequestDeps = { settings: base.settings, db: base.db, ...services };
  return {
    install: (req, signal) => requestInstall(deps, req, signal),
    installFromUrl: (req) => requestInstallFromUrl(deps, req),
    update: (pluginId, signal) => requestUpdate(deps, pluginId, signal),
    uninstall: (req, signal) => requestUninstall(deps, req, signal),
    toggle: (pluginId, enabled, signal) => requestToggle(deps, pluginId, enabled, signal),
  };
}
