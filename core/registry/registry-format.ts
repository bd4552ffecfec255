/**
 * The registry format (`plugins.json`), both generations: the older one with `versions[]` and
 * `download_url_template` per entry, and the monorepo one where entries share a repository and
 * point at their folder with `plugin_path`. A document is `{version?, last_updated?, plugins: []}`;
 * each entry is validated on its own, so one bad entry is skipped and reported, never fatal.
 */
import * as v from 'valibot';
import { AppError } from '../platform/errors/app-error.ts';
import { toProblems, type Problem } from '../platform/validation.ts';

/** Marquee's plugin id rule (also the folder name rule). */
export const PLUGIN_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const str = v.optional(v.string(), '');
const webUrl = v.pipe(
  v.string(),
  v.check((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), 'an http(s) URL'),
);

const versionSchema = v.object({
  version: v.pipe(v.string(), v.minLength(1)),
  ledmatrix_min: v.optional(v.string()),
  ledmatrix_min_version: v.optional(v.string()),
  released: v.optional(v.string()),
  download_url: v.optional(webUrl),
});

export const entrySchema = v.object({
  id: v.pipe(v.string(), v.regex(PLUGIN_ID, 'a plugin id (lowercase letters, digits, . _ -)')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a non-empty name')),
  description: str,
  author: str,
  category: str,
  tags: v.optional(v.array(v.string()), []),
  repo: v.optional(webUrl, ''),
  branch: v.optional(v.nullable(v.string()), null),
  plugin_path: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (p) => !p.split('/').includes('..') && !p.startsWith('/'),
        'a relative folder path inside the repository',
      ),
    ),
    '',
  ),
  latest_version: v.optional(v.string()),
  version: v.optional(v.string()),
  versions: v.optional(v.array(versionSchema), []),
  download_url_template: v.optional(webUrl),
  stars: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  downloads: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  last_updated: str,
  verified: v.optional(v.boolean(), false),
  screenshot: str,
  icon: str,
  type: v.optional(v.picklist(['plugin', 'skin']), 'plugin'),
  /** The runtime the plugin needs, when the registry says (otherwise guessed: ./runtime.ts). */
  runtime: v.optional(v.picklist(['node', 'python'], '"node" or "python"')),
});

export type RawEntry = v.InferOutput<typeof entrySchema>;
export type RegistryVersion = v.InferOutput<typeof versionSchema>;

/** An entry as the store keeps it: validated, with its source and a single `latest_version`. */
export interface RegistryEntry extends Omit<RawEntry, 'version' | 'latest_version'> {
  latest_version: string | null;
  source: string;
}

export interface SkippedEntry {
  index: number;
  id: string | null;
  problems: Problem[];
}

export interface ParsedRegistry {
  version: string | null;
  last_updated: string | null;
  entries: RegistryEntry[];
  skipped: SkippedEntry[];
}

const documentSchema = v.object({
  version: v.optional(v.unknown()),
  last_updated: v.optional(v.unknown()),
  plugins: v.array(v.unknown(), 'a "plugins" list'),
});

function toEntry(raw: RawEntry, source: string): RegistryEntry {
  const { version, latest_version, ...rest } = raw;
  return { ...rest, latest_version: latest_version || version || raw.versions[0]?.version || null, source };
}

/** Parses a registry document. Throws REGISTRY_INVALID only when the document itself is unusable. */
export function parseRegistry(text: string, source: string): ParsedRegistry {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AppError('REGISTRY_INVALID', { message: 'Registry document is not JSON', details: (e as Error).message });
  }
  const top = v.safeParse(documentSchema, doc);
  if (!top.success) {
    throw new AppError('REGISTRY_INVALID', {
      message: 'Registry document has no "plugins" list',
      context: { problems: toProblems(top.issues) },
    });
  }
  const entries: RegistryEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  top.output.plugins.forEach((item, index) => {
    const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : null;
    const result = v.safeParse(entrySchema, item);
    if (!result.success) return skipped.push({ index, id, problems: toProblems(result.issues) });
    if (seen.has(result.output.id)) {
      const problem = { field: 'id', expected: 'a unique id', received: JSON.stringify(id), message: 'duplicate id' };
      return skipped.push({ index, id, problems: [problem] });
    }
    seen.add(result.output.id);
    entries.push(toEntry(result.output, source));
  });
  const meta = (x: unknown) => (typeof x === 'string' ? x : null);
  return { version: meta(top.output.version), last_updated: meta(top.output.last_updated), entries, skipped };
}
