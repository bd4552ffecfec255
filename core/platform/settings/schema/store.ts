/** Settings of the plugin store: its registry sources and the GitHub facts shown beside them. */
import * as v from 'valibot';
import { dir, int, text, url } from './fields.ts';

export const registrySettings = v.optional(
  v.object({
    /** plugins.json URLs, GitHub repositories holding one, or local files; the built-in source is always added. */
    sources: v.optional(v.array(url, 'a list of registry URLs'), []),
    ttlMs: int(10_000, 7 * 86_400_000, 15 * 60_000),
    /** First-party plugins shipped with Marquee: the built-in source, so the store is never empty. */
    builtinDir: dir('plugin-repos'),
    /** Largest registry document accepted; a bigger answer is refused, never read whole. */
    maxDocumentBytes: int(1_024, 64 * 1024 * 1024, 5 * 1024 * 1024),
    /** GitHub facts (stars, last commit) are re-checked this often; they are not urgent. */
    githubTtlMs: int(60_000, 30 * 86_400_000, 6 * 3_600_000),
    /** GitHub calls in flight at once during enrichment. */
    githubConcurrency: int(1, 16, 4),
    /**
     * Store previews missing at the panel's size are drawn after each refresh, one at a time (else
     * only when a card asks). Off by default: each preview downloads the plugin's archive, and a
     * monorepo registry (LEDMatrix's) would have every entry fetch the whole monorepo.
     */
    previewsInBackground: v.optional(v.boolean('true or false'), false),
  }),
  {},
);

export const githubSettings = v.optional(
  v.object({
    /** GitHub's REST API root; a loopback mock in benchmarks. */
    apiUrl: text('https://api.github.com', 'a URL'),
    /** Show stars and last commits in the store (fetched in the background, never per browse). */
    enrich: v.optional(v.boolean('true or false'), true),
  }),
  {},
);
