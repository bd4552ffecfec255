/**
 * manifest.json of a Marquee plugin: LEDMatrix's fields (so registry tooling and authors carry
 * over) plus an ES-module `entry_point` and Marquee version bounds. Unknown keys are kept: authors
 * add their own (`web_ui_actions`, `fonts`, ...) and other parts of Marquee read them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import * as v from 'valibot';
import { AppError } from '../../platform/errors/app-error.ts';
import { toProblems } from '../../platform/validation.ts';
import { safeRelativeSegments } from '../archive/names.ts';
import { PLUGIN_ID_PATTERN } from './id.ts';
import { pythonEvidence, pythonManifestSchema, withPluginClass } from './ledmatrix.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MAX_MANIFEST_BYTES = 256 * 1024;

const str = (what = 'a non-empty string') => v.pipe(v.string(what), v.trim(), v.minLength(1, what));
const relPath = (what: string) =>
  v.pipe(
    str(what),
    v.check((p) => safeRelativeSegments(p) !== null && safeRelativeSegments(p)!.length > 0, what),
  );
const esModule = 'a relative path to an ES module (.js or .mjs) inside the plugin folder';
const versionText = 'a semantic version such as 1.2.3';
const rangeText = 'a version range such as ">=0.2.0" or "^1.0.0"';

export const manifestSchema = v.looseObject({
  id: v.pipe(v.string('a plugin id'), v.regex(PLUGIN_ID_PATTERN, 'a plugin id (a-z 0-9 . _ -, at most 64)')),
  name: str(),
  version: v.pipe(
    v.string(versionText),
    v.check((s) => semver.valid(semver.clean(s) ?? '') !== null, versionText),
  ),
  entry_point: v.pipe(relPath(esModule), v.regex(/\.m?js$/, esModule)),
  display_modes: v.pipe(v.array(str(), 'a list of display mode names'), v.minLength(1, 'at least one display mode')),
  author: v.optional(v.string('a string')),
  description: v.optional(v.string('a string')),
  category: v.optional(v.string('a string')),
  tags: v.optional(v.array(v.string('a string'), 'a list of strings')),
  update_interval: v.optional(v.pipe(v.number('a number of seconds'), v.integer('an integer'), v.minValue(1, '>=1'))),
  default_duration: v.optional(v.pipe(v.number('a number of seconds'), v.minValue(1, '>=1'))),
  config_schema: v.optional(relPath('a relative path to a JSON Schema file')),
  compatible_versions: v.optional(
    v.array(
      v.pipe(
        v.string(rangeText),
        v.check((r) => semver.validRange(r) !== null, rangeText),
      ),
      'a list of version ranges',
    ),
  ),
  min_marquee_version: v.optional(
    v.pipe(
      v.string(versionText),
      v.check((s) => semver.valid(semver.clean(s) ?? '') !== null, versionText),
    ),
  ),
  local_only: v.optional(v.boolean('true or false')),
});

export type PluginRuntime = 'node' | 'python';

/**
 * A checked manifest. `runtime` says which host runs it: Marquee's ES modules (`node`) or a
 * LEDMatrix plugin (`python`, with its `class_name`: the manifest's, or after readManifest the one
 * its entry module defines); `compatible_versions` are Marquee ranges for
 * the first and LEDMatrix ranges for the second (see ledmatrix.ts).
 */
export type Manifest = v.InferOutput<typeof manifestSchema> & { runtime: PluginRuntime; class_name?: string };

export interface ParseOptions {
  /** File names at the top of the plugin folder, used to recognise a LEDMatrix (Python) plugin. */
  files?: ReadonlySet<string>;
}

/**
 * Validates a parsed manifest.json, as Marquee's (an ES module) or LEDMatrix's (Python, recognised
 * by ledmatrix.ts). Throws PLUGIN_MANIFEST_INVALID with field paths in context.
 */
export function parseManifest(raw: unknown, opts: ParseOptions = {}): Manifest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', { message: 'manifest.json must hold a JSON object' });
  }
  const record = raw as Record<string, unknown>;
  if (pythonEvidence(record, opts.files ?? new Set())) {
    const python = v.safeParse(pythonManifestSchema, raw);
    if (python.success) return { ...python.output, runtime: 'python' } as Manifest;
    throw invalid(record, python.issues);
  }
  const result = v.safeParse(manifestSchema, raw);
  if (result.success) return { ...result.output, runtime: 'node' };
  throw invalid(record, result.issues);
}

function invalid(record: Record<string, unknown>, issues: Parameters<typeof toProblems>[0]): AppError {
  const problems = toProblems(issues).map((p) => ({ in: 'manifest', ...p }));
  const first = problems[0]!;
  return new AppError('PLUGIN_MANIFEST_INVALID', {
    message: `Invalid manifest.json: ${first.field}: expected ${first.expected}, received ${first.received}`,
    context: { plugin_id: record.id, problems },
  });
}

/** Reads and validates `<dir>/manifest.json`; a LEDMatrix plugin's class is found when it names none. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_MANIFEST_BYTES) throw new Error(`larger than ${MAX_MANIFEST_BYTES} bytes`);
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', {
      message: `manifest.json is missing or unreadable in ${path.basename(dir)}`,
      details: (e as Error).message,
      cause: e,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', {
      message: 'manifest.json is not valid JSON',
      details: (e as Error).message,
    });
  }
  const files = new Set(await fs.readdir(dir));
  const manifest = parseManifest(raw, { files });
  return manifest.runtime === 'python' ? withPluginClass(dir, manifest) : manifest;
}
