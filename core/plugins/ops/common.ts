/**
 * What the install and update executors share: settling what an earlier attempt of the same
 * operation left behind, progress in the stages the API reports (resolving, downloading n/total,
 * extracting, validating, activating), and download-then-install into `.staging/<op>-dl/`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ConfigService } from '../../config/service.ts';
import type { Platform } from '../../platform/index.ts';
import type { ExecutorContext } from '../../queue/types.ts';
import type { RegistryEntry } from '../../registry/registry-format.ts';
import { configServicePort } from '../config-service-port.ts';
import { LEDMATRIX_PREFIX } from '../package/id.ts';
import { installPythonDependencies } from '../python-deps.ts';
import type { RuntimeSupport } from '../runtimes.ts';
import type { EnabledFlags } from '../state/enabled-sync.ts';
import { downloadArchive } from '../download.ts';
import { exists } from '../staging/files.ts';
import { installFromArchive, type ArchiveInstallResult } from '../staging/install-archive.ts';
import { recoverStagingOp } from '../staging/recover.ts';
import type { ArchiveSource } from '../source.ts';
import type { StepHook } from '../staging/swap.ts';
import { stagingPaths, stagingRoot } from '../staging/staging.ts';

export type Report = (fraction: number, stage: string, message?: string) => void;

/**
 * A plugin's entry from fresh registry data: PLUGIN_NOT_FOUND when no source has it,
 * REGISTRY_UNAVAILABLE when a source that might cannot be read (the registry's `lookupFresh`, bound
 * to the registry's services at composition).
 */
export type FreshLookup = (id: string, opts: { signal?: AbortSignal }) => Promise<RegistryEntry>;

/** What the lifecycle executors work with: captured when they are registered. */
export interface LifecycleDeps extends Pick<
  Platform,
  'settings' | 'db' | 'clock' | 'log' | 'version' | 'http' | 'events'
> {
  config: ConfigService;
  lookup: FreshLookup;
  /** Whether this machine runs Python plugins (checked before a download and before their venv). */
  runtimes: RuntimeSupport;
  /** The follower of config's enabled flags: a toggle learns from it what its save already recorded. */
  enabledFlags: Pick<EnabledFlags, 'during'>;
}

/** Test hooks of the executors: crash tests stop a real server at a named step. Unused in production. */
export interface LifecycleHooks {
  onStep?: StepHook;
}

/**
 * Progress as stored on the operation, thinned out: every stage change, then only steps of at
 * least 5 %, so a 5,000-file extraction does not write 5,000 rows.
 */
export function stagedProgress(progress: ExecutorContext['progress']): Report {
  let stage = '';
  let last = -1;
  return (fraction, next, message) => {
    // pip's steps are few and each says something new (collecting, installing, done): all are kept.
    if (next === stage && next !== 'dependencies' && fraction < 1 && fraction - last < 0.05) return;
    stage = next;
    last = fraction;
    progress(fraction, next, message);
  };
}

const downloadDir = (deps: Pick<Platform, 'settings'>, opId: string) =>
  path.join(stagingRoot(deps), `${stagingPaths(deps, opId).opId}-dl`);

/**
 * The config flag of a plugin, for state rebuilt from disk (config wins, DESIGN.md §3); its section
 * may still be under LEDMatrix's `ledmatrix-<id>` until the install moves it (legacy-section.ts).
 */
export function enabledInConfig(deps: { config: Pick<ConfigService, 'state'> }, id: string): boolean | undefined {
  const { main } = deps.config.state();
  const section = (main[id] ?? main[LEDMATRIX_PREFIX + id]) as { enabled?: unknown } | undefined;
  return typeof section?.enabled === 'boolean' ? section.enabled : undefined;
}

/**
 * Finishes or undoes whatever an interrupted earlier attempt of this operation left in staging
 * (the queue's recover hook, and the start of every attempt). Idempotent.
 */
export async function settleLeftovers(deps: LifecycleDeps, opId: string): Promise<void> {
  await fs.rm(downloadDir(deps, opId), { recursive: true, force: true });
  if (!(await exists(stagingPaths(deps, opId).dir))) return;
  const outcome = await recoverStagingOp(deps, opId, {
    config: configServicePort(deps.config),
    enabledOf: (id) => enabledInConfig(deps, id),
  });
  deps.log.warn('settled an interrupted attempt of a plugin operation', { ...outcome });
}

interface FetchContext {
  deps: LifecycleDeps;
  opId: string;
  kind: 'install' | 'update';
  signal: AbortSignal;
  report: Report;
  /** Named points of the operation (`downloaded`, then those of install-archive.ts and swap.ts), for crash tests. */
  onStep?: StepHook;
}

/** Downloads (5–50 %) then extracts, validates and activates (50–100 %); the download folder never outlives it. */
export async function fetchAndInstall(ctx: FetchContext, source: ArchiveSource): Promise<ArchiveInstallResult> {
  const { deps, signal, report } = ctx;
  const dir = downloadDir(deps, ctx.opId);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    const file = path.join(dir, 'archive.zip');
    report(0.05, 'downloading');
    const got = await downloadArchive(deps, source.candidates, file, {
      signal,
      maxBytes: deps.settings.limits.pluginDownloadBytes,
      timeoutMs: deps.settings.timeouts.pluginDownloadMs,
      onBytes: (n, total) =>
        report(total ? 0.05 + (0.45 * n) / total : 0.05, 'downloading', total ? `${n}/${total} bytes` : `${n} bytes`),
    });
    report(0.5, 'downloading', `${got.bytes}/${got.bytes} bytes from ${got.candidate.label}`);
    await ctx.onStep?.('downloaded');
    return await installFromArchive(deps, {
      opId: ctx.opId,
      pluginId: source.pluginId,
      kind: ctx.kind,
      archivePath: file,
      pluginPath: source.pluginPath,
      listedVersion: source.listedVersion,
      origin: { ...source.origin, branch: got.candidate.branch ?? null },
      signal,
      enabledOf: (id) => enabledInConfig(deps, id),
      progress: (f, stage, message) => report(0.5 + 0.5 * f, stage, message),
      dependencies: (dir, progress) => installPythonDependencies(deps, { dir, signal, report: progress }),
      onStep: ctx.onStep,
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
