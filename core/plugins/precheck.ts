/**
 * Before a monorepo's archive is downloaded (it holds every plugin of the repository, often many
 * megabytes), the plugin's own manifest.json is fetched raw: one small request, bounded in time and
 * size. A plugin too new or too old for this machine, or one needing a runtime it lacks, is refused
 * there. Anything short of a readable manifest (no such file, a slow or failing host, bad JSON) is
 * no evidence: the download goes ahead and the archive's manifest is checked as always.
 */
import { describeError } from '../platform/errors/redact.ts';
import type { Platform } from '../platform/index.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import { assertManifestCompatible } from './package/ledmatrix.ts';
import { parseManifest, type Manifest } from './package/manifest.ts';
import type { RuntimeSupport } from './runtimes.ts';
import { normaliseRepo } from './source.ts';

/** A manifest is a few kilobytes; anything this large is not one. */
export const PRECHECK_MAX_BYTES = 64 * 1024;
/** The pre-check is worth its wait only when short: past this (or the outbound timeout) the download decides. */
export const PRECHECK_TIMEOUT_MS = 3_000;

const GITHUB = /^https:\/\/(?:www\.)?github\.com\/([^/]+)\/([^/]+)$/i;

const segments = (p: string) => p.split('/').filter(Boolean).map(encodeURIComponent).join('/');

/**
 * The raw manifest URL: GitHub's raw content host for a GitHub repository (one request, no
 * redirect); `<repo>/raw/<branch>/<path>` for other forges (Gitea, Forgejo and GitHub itself serve it).
 */
export function rawManifestUrl(repo: string, branch: string, pluginPath: string): string {
  const base = normaliseRepo(repo);
  const file = `${segments(pluginPath)}/manifest.json`;
  const gh = GITHUB.exec(base);
  if (gh) return `https://raw.githubusercontent.com/${gh[1]}/${gh[2]}/${encodeURIComponent(branch)}/${file}`;
  return `${base}/raw/${encodeURIComponent(branch)}/${file}`;
}

export type PrecheckDeps = Pick<Platform, 'http' | 'log' | 'version' | 'settings'> & { runtimes: RuntimeSupport };

/** The manifest as the repository serves it, or null when it says nothing usable. */
async function fetchManifest(deps: PrecheckDeps, url: string, signal?: AbortSignal): Promise<Manifest | null> {
  try {
    const timeoutMs = Math.min(PRECHECK_TIMEOUT_MS, deps.settings.timeouts.outboundTotalMs);
    const res = await deps.http.get(url, { signal, timeoutMs, maxBytes: PRECHECK_MAX_BYTES });
    if (res.status !== 200) return null;
    return parseManifest(JSON.parse(res.body.toString('utf8').replace(/^\uFEFF/, '')));
  } catch (e) {
    signal?.throwIfAborted();
    deps.log.debug('manifest pre-check skipped', { url, error: describeError(e) });
    return null;
  }
}

/**
 * For a registry entry with a repository and a `plugin_path`: throws PLUGIN_INCOMPATIBLE or
 * PLUGIN_RUNTIME_MISSING from the manifest alone. Returns the manifest it read, or null.
 */
export async function precheckManifest(
  deps: PrecheckDeps,
  entry: Pick<RegistryEntry, 'id' | 'repo' | 'branch' | 'plugin_path'>,
  opts: { branch?: string; signal?: AbortSignal } = {},
): Promise<Manifest | null> {
  if (!entry.repo || !entry.plugin_path) return null;
  const url = rawManifestUrl(entry.repo, opts.branch || entry.branch || 'main', entry.plugin_path);
  const manifest = await fetchManifest(deps, url, opts.signal);
  if (!manifest) return null;
  assertManifestCompatible(manifest, deps.version);
  await deps.runtimes.assert(manifest.runtime);
  return manifest;
}
