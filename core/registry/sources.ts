/**
 * Registry sources: what a user may give (a `plugins.json` URL, a GitHub repository holding one,
 * a local file) normalised to one spelling, so the same source typed two ways is one source.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../platform/errors/app-error.ts';
import { checkOutboundUrl } from '../platform/net/url-policy.ts';
import { trimEnd } from '../platform/text.ts';

export const SOURCE_KINDS = ['builtin', 'url', 'github', 'file'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_ORIGINS = ['builtin', 'settings', 'saved'] as const;
export type SourceOrigin = (typeof SOURCE_ORIGINS)[number];

export const BUILTIN_SOURCE = 'builtin';

/** The cache row of a source's document. */
export const sourceKey = (id: string) => `source:${id}`;
const GITHUB_HOSTS = new Set(['github.com', 'www.github.com']);
const REGISTRY_FILES = ['plugins.json', 'registry.json'] as const;
const DEFAULT_BRANCHES = ['main', 'master'] as const;

export interface NormalisedSource {
  kind: Exclude<SourceKind, 'builtin'>;
  /** The normalised URL or absolute path; also the source's id. */
  location: string;
  /** The URLs to try, in order (one for a plain URL; branch × file for a repository). */
  candidates: string[];
  github: { owner: string; repo: string } | null;
  defaultName: string;
}

export interface SourceDef {
  id: string;
  kind: SourceKind;
  origin: SourceOrigin;
  name: string;
  location: string;
  candidates: string[];
  github: { owner: string; repo: string } | null;
  /** Set when a configured source could not be understood; such a source is reported, never fetched. */
  invalid?: string;
}

/** Raw file URLs on github.com (it redirects to the raw content host). */
export function rawFileUrl(owner: string, repo: string, branch: string, file: string): string {
  return `https://github.com/${owner}/${repo}/raw/${encodeURIComponent(branch)}/${file}`;
}

function repositorySource(owner: string, repo: string, branches: readonly string[]): NormalisedSource {
  const o = owner.toLowerCase();
  const r = repo.replace(/\.git$/i, '').toLowerCase();
  return {
    kind: 'github',
    location: `https://github.com/${o}/${r}`,
    candidates: branches.flatMap((b) => REGISTRY_FILES.map((f) => rawFileUrl(o, r, b, f))),
    github: { owner: o, repo: r },
    defaultName: r,
  };
}

function githubSource(url: URL): NormalisedSource | null {
  const parts = url.pathname.split('/').filter(Boolean);
  const [owner, repo, mode, branch, ...rest] = parts;
  if (!owner || !repo) return null;
  if (parts.length === 2) return repositorySource(owner, repo, DEFAULT_BRANCHES);
  if (mode === 'tree' && branch && rest.length === 0) return repositorySource(owner, repo, [branch]);
  if ((mode === 'blob' || mode === 'raw') && branch && rest.length) {
    const raw = rawFileUrl(owner.toLowerCase(), repo.toLowerCase(), branch, rest.join('/'));
    const github = { owner: owner.toLowerCase(), repo: repo.toLowerCase() };
    return { kind: 'url', location: raw, candidates: [raw], github, defaultName: rest.at(-1)! };
  }
  return null;
}

function fileSource(p: string, baseDir: string): NormalisedSource {
  const location = path.resolve(baseDir, p);
  return { kind: 'file', location, candidates: [location], github: null, defaultName: path.basename(location) };
}

/**
 * Normalises a source as typed by a user or a setting. Throws URL_NOT_ALLOWED for anything that is
 * not https (plain http only on loopback), carries credentials, or is not a URL or a path.
 */
export function normaliseSource(input: string, baseDir: string): NormalisedSource {
  const text = input.trim();
  if (text === '') throw new AppError('URL_NOT_ALLOWED', { message: 'Empty source' });
  if (/^file:/i.test(text)) return fileSource(fileURLToPath(text), baseDir);
  if (/^(\/|\.{1,2}\/)/.test(text)) return fileSource(text, baseDir);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const url = checkOutboundUrl(withScheme);
  url.hash = '';
  if (GITHUB_HOSTS.has(url.hostname)) {
    url.pathname = trimEnd(url.pathname, '/').replace(/\.git$/i, '');
    const gh = githubSource(url);
    if (gh) return gh;
  }
  url.pathname = trimEnd(url.pathname, '/') || '/';
  const location = url.href.replace(/\/$/, '');
  const defaultName = url.pathname.split('/').filter(Boolean).at(-1) ?? url.hostname;
  return { kind: 'url', location, candidates: [location], github: null, defaultName };
}

/** A source definition from a setting or saved repository; a bad one is kept as `invalid`. */
export function defineSource(input: string, origin: SourceOrigin, baseDir: string, name?: string): SourceDef {
  try {
    const n = normaliseSource(input, baseDir);
    return { id: n.location, origin, name: name ?? n.defaultName, ...n };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      id: input,
      kind: 'url',
      origin,
      name: name ?? input,
      location: input,
      candidates: [],
      github: null,
      invalid: why,
    };
  }
}

export function builtinSource(dir: string): SourceDef {
  return {
    id: BUILTIN_SOURCE,
    kind: 'builtin',
    origin: 'builtin',
    name: 'Marquee',
    location: dir,
    candidates: [],
    github: null,
  };
}

/** `owner/repo` of a GitHub repository URL (`https://github.com/o/r[.git][/...]`), lowercased. */
export function githubRepoOf(url: string): { owner: string; repo: string } | null {
  try {
    const u = new URL(url);
    if (!GITHUB_HOSTS.has(u.hostname)) return null;
    const [owner, repo] = u.pathname.split('/').filter(Boolean);
    if (!owner || !repo) return null;
    return { owner: owner.toLowerCase(), repo: repo.replace(/\.git$/i, '').toLowerCase() };
  } catch {
    return null;
  }
}
