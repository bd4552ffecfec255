/**
 * GitHub repository facts shown in the store (stars, last commit), the cache keys they live under
 * and the API URLs they come from. Facts are reduced to these few fields before they are stored.
 */
import * as v from 'valibot';
import type { RegistryEntry } from '../registry-format.ts';
import { githubRepoOf } from '../sources.ts';

export const repoFactsSchema = v.object({
  stars: v.number(),
  forks: v.number(),
  default_branch: v.nullable(v.string()),
  pushed_at: v.nullable(v.string()),
});
export type RepoFacts = v.InferOutput<typeof repoFactsSchema>;

export const commitFactsSchema = v.object({
  sha: v.string(),
  message: v.string(),
  author: v.nullable(v.string()),
  date: v.nullable(v.string()),
});
export type CommitFacts = v.InferOutput<typeof commitFactsSchema>;

export const GH_PREFIX = 'gh:';
export const RATE_KEY = 'gh:rate';

export interface FactTarget {
  key: string;
  kind: 'repo' | 'commit';
  /** Path and query under the API root. */
  path: string;
}

export const repoKey = (owner: string, repo: string) => `gh:repo:${owner}/${repo}`;
export const commitKey = (owner: string, repo: string, branch: string | null, pluginPath: string) =>
  `gh:commit:${owner}/${repo}@${branch ?? ''}:${pluginPath}`;

/** The facts an entry can show, by cache key (none for entries not hosted on GitHub). */
export function factKeys(entry: RegistryEntry): { repo: string; commit: string } | null {
  const gh = githubRepoOf(entry.repo);
  if (!gh) return null;
  return {
    repo: repoKey(gh.owner, gh.repo),
    commit: commitKey(gh.owner, gh.repo, entry.branch, entry.plugin_path),
  };
}

/**
 * What to fetch for a set of entries: each repository once, and the last commit per folder (a
 * monorepo's plugins each have their own last commit, found with the commits API's `path`).
 */
export function factTargets(entries: readonly RegistryEntry[]): FactTarget[] {
  const out = new Map<string, FactTarget>();
  for (const e of entries) {
    const gh = githubRepoOf(e.repo);
    if (!gh) continue;
    const base = `/repos/${gh.owner}/${gh.repo}`;
    out.set(repoKey(gh.owner, gh.repo), { key: repoKey(gh.owner, gh.repo), kind: 'repo', path: base });
    const q = new URLSearchParams({ per_page: '1' });
    if (e.branch) q.set('sha', e.branch);
    if (e.plugin_path) q.set('path', e.plugin_path);
    const key = commitKey(gh.owner, gh.repo, e.branch, e.plugin_path);
    out.set(key, { key, kind: 'commit', path: `${base}/commits?${q}` });
  }
  return [...out.values()];
}

/** Reduces a GitHub API answer to the facts kept; throws on an answer of the wrong shape. */
export function reduceFacts(kind: FactTarget['kind'], doc: unknown): RepoFacts | CommitFacts | null {
  if (kind === 'repo') {
    const r = doc as Record<string, unknown>;
    return v.parse(repoFactsSchema, {
      stars: r.stargazers_count,
      forks: r.forks_count ?? 0,
      default_branch: r.default_branch ?? null,
      pushed_at: r.pushed_at ?? null,
    });
  }
  const first = (Array.isArray(doc) ? doc[0] : null) as Record<string, any> | null;
  if (!first) return null;
  return v.parse(commitFactsSchema, {
    sha: first.sha,
    message: String(first.commit?.message ?? '').split('\n')[0],
    author: first.commit?.author?.name ?? first.author?.login ?? null,
    date: first.commit?.committer?.date ?? first.commit?.author?.date ?? null,
  });
}
