/**
 * Where a plugin's archive comes from. A registry entry gives, in order of preference: a
 * monorepo's branch archive (of which only `plugin_path` is extracted), the `download_url` of the
 * listed version, `download_url_template`, or the repository's branch archive; a pinned version
 * uses its own download_url, the template, or the repository's tag. Archive URLs follow the
 * `<repo>/archive/refs/{heads|tags}/<ref>.zip` scheme GitHub (and Gitea/Forgejo) serve.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import type { DownloadCandidate } from './download.ts';
import type { InstallMeta } from './package/install-meta.ts';
import { trimEnd } from '../platform/text.ts';

export interface ArchiveSource {
  /** The id the manifest must have; absent for a URL install without plugin_id (the manifest decides). */
  pluginId?: string;
  candidates: DownloadCandidate[];
  /** Monorepo subfolder to extract; '' for the whole archive. */
  pluginPath: string;
  origin: { source: InstallMeta['source']; repo: string | null };
  /** The version the store's entry names for this download (pinned, else latest), when it names one. */
  listedVersion?: string | null;
}

const DEFAULT_BRANCHES = ['main', 'master'];

/** `https://host/owner/repo.git/` → `https://host/owner/repo`. */
export const normaliseRepo = (url: string) => trimEnd(url.trim(), '/').replace(/\.git$/i, '');

const refPath = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');

export function branchCandidates(repo: string, branches: Array<string | null | undefined>): DownloadCandidate[] {
  const base = normaliseRepo(repo);
  const unique = [...new Set(branches.filter((b): b is string => !!b && b.trim() !== '').map((b) => b.trim()))];
  return unique.map((b) => ({ url: `${base}/archive/refs/heads/${refPath(b)}.zip`, label: `branch ${b}`, branch: b }));
}

function tagCandidates(repo: string, version: string): DownloadCandidate[] {
  const base = normaliseRepo(repo);
  const tags = [...new Set([version.startsWith('v') ? version : `v${version}`, version])];
  return tags.map((t) => ({ url: `${base}/archive/refs/tags/${refPath(t)}.zip`, label: `tag ${t}` }));
}

const fromTemplate = (template: string, version: string): DownloadCandidate => ({
  url: template.replaceAll('{version}', encodeURIComponent(version)),
  label: `version ${version}`,
});

function pinned(entry: RegistryEntry, version: string): DownloadCandidate[] {
  const listed = entry.versions.find((v) => v.version === version);
  if (listed?.download_url) return [{ url: listed.download_url, label: `version ${version}` }];
  if (entry.download_url_template) return [fromTemplate(entry.download_url_template, version)];
  if (entry.repo) return tagCandidates(entry.repo, version);
  throw new AppError('PLUGIN_NOT_FOUND', {
    message: `Version ${version} of ${entry.id} is not in the registry`,
    context: { plugin_id: entry.id, version, available: entry.versions.map((v) => v.version) },
  });
}

function latest(entry: RegistryEntry, branch?: string): DownloadCandidate[] {
  const branches = [branch, entry.branch, ...DEFAULT_BRANCHES];
  if (entry.plugin_path && entry.repo) return branchCandidates(entry.repo, branches);
  const listed = entry.versions.find((v) => v.version === entry.latest_version) ?? entry.versions[0];
  if (!branch && listed?.download_url) return [{ url: listed.download_url, label: `version ${listed.version}` }];
  if (!branch && entry.download_url_template && entry.latest_version)
    return [fromTemplate(entry.download_url_template, entry.latest_version)];
  if (entry.repo) return branchCandidates(entry.repo, branches);
  throw new AppError('PLUGIN_INSTALL_FAILED', {
    message: `The registry entry of ${entry.id} says nowhere to download it from`,
    context: { plugin_id: entry.id },
    transient: false,
  });
}

export function registrySource(entry: RegistryEntry, opts: { version?: string; branch?: string } = {}): ArchiveSource {
  return {
    pluginId: entry.id,
    candidates: opts.version ? pinned(entry, opts.version) : latest(entry, opts.branch),
    pluginPath: entry.plugin_path,
    origin: { source: 'registry', repo: entry.repo || null },
    listedVersion: opts.version ?? entry.latest_version,
  };
}

export interface UrlRequest {
  repo_url: string;
  plugin_id?: string;
  plugin_path?: string;
  branch?: string;
}

/** A repository URL (branch archives of `branch`, main, master) or a direct `.zip` link. */
export function urlSource(req: UrlRequest): ArchiveSource {
  const url = req.repo_url.trim();
  const direct = /\.zip$/i.test(new URL(url).pathname);
  return {
    pluginId: req.plugin_id,
    candidates: direct ? [{ url, label: 'the archive URL' }] : branchCandidates(url, [req.branch, ...DEFAULT_BRANCHES]),
    pluginPath: req.plugin_path ?? '',
    origin: { source: 'url', repo: direct ? url : normaliseRepo(url) },
  };
}
