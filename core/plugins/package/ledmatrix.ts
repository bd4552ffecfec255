/**
 * LEDMatrix's Python plugins: how their manifest is recognised and read (`manager.py`, a
 * `class_name`), and LEDMatrix's compatibility rule, judged against the LEDMatrix version whose
 * plugin API the Python host provides. Their `compatible_versions` and `min_ledmatrix_version`
 * name LEDMatrix versions, never Marquee ones.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import * as v from 'valibot';
import { AppError } from '../../platform/errors/app-error.ts';
import { assertCompatible, parseLooseVersion, type Compatibility } from './compat.ts';
import { safeRelativeSegments } from '../archive/names.ts';
import { PLUGIN_ID_PATTERN } from './id.ts';
import { findPluginClass } from '../../hosts/python/plugin-class.ts';
import { UNKNOWN_VERSION } from '../../../shared/plugin-version.ts';

/** The LEDMatrix release whose plugin API `core/hosts/python/compat/` provides. */
export const LEDMATRIX_API_VERSION = '3.2.0';

/** LEDMatrix's default entry module when a manifest names none. */
export const PYTHON_ENTRY = 'manager.py';

/**
 * A LEDMatrix plugin: its entry point is a Python file, or it names a `class_name` (or ships
 * `manager.py`) without any entry point. Returns the evidence in words, or undefined.
 */
export function pythonEvidence(raw: Record<string, unknown>, files: ReadonlySet<string>): string | undefined {
  const entry = raw.entry_point;
  if (typeof entry === 'string' && /\.py$/i.test(entry.trim())) return `its entry_point is ${entry.trim()}`;
  if (entry !== undefined) return undefined;
  if (typeof raw.class_name === 'string') return `it declares a Python class_name (${raw.class_name})`;
  if (files.has(PYTHON_ENTRY)) return `it ships ${PYTHON_ENTRY} and no entry_point`;
  return undefined;
}

const str = (what = 'a non-empty string') => v.pipe(v.string(what), v.trim(), v.minLength(1, what));
const pyModule = 'a relative path to a Python file (.py) inside the plugin folder';
const looseVersion = 'a version such as 1.2.3';

export const pythonManifestSchema = v.looseObject({
  id: v.pipe(v.string('a plugin id'), v.regex(PLUGIN_ID_PATTERN, 'a plugin id (a-z 0-9 . _ -, at most 64)')),
  name: str(),
  // LEDMatrix requires neither: the installer records the store's version (see listed-version.ts)
  // and the class is found in the entry module (core/hosts/python/plugin-class.ts).
  version: v.optional(
    v.pipe(
      v.string(looseVersion),
      v.check((s) => parseLooseVersion(s) !== null, looseVersion),
    ),
    UNKNOWN_VERSION,
  ),
  class_name: v.optional(
    v.pipe(str('a Python class name'), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Python class name')),
  ),
  entry_point: v.optional(
    v.pipe(
      str(pyModule),
      v.check((p) => (safeRelativeSegments(p)?.length ?? 0) > 0, pyModule),
      v.regex(/\.py$/, pyModule),
    ),
    PYTHON_ENTRY,
  ),
  display_modes: v.pipe(v.array(str(), 'a list of display mode names'), v.minLength(1, 'at least one display mode')),
  config_schema: v.optional(str('a relative path to a JSON Schema file')),
  compatible_versions: v.optional(v.array(v.string('a version range'), 'a list of version ranges')),
  min_ledmatrix_version: v.optional(v.string('a version')),
  min_marquee_version: v.optional(v.string('a version')),
  local_only: v.optional(v.boolean('true or false')),
});

/**
 * A LEDMatrix manifest without `class_name` gets the class its entry module defines, found in the
 * source (LEDMatrix's installer writes it into the file; Marquee finds it again wherever the
 * folder is read, the display included). An entry module that is not there is left for the
 * folder check to name.
 */
export async function withPluginClass<M extends { class_name?: string; entry_point: string }>(
  dir: string,
  m: M,
): Promise<M> {
  if (m.class_name) return m;
  const source = await fs
    .readFile(path.join(dir, ...(safeRelativeSegments(m.entry_point) ?? [])), 'utf8')
    .catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'ENOTDIR') return undefined;
      throw e;
    });
  return source === undefined ? m : { ...m, class_name: findPluginClass(source, m.entry_point) };
}

type PythonBounds = {
  id: string;
  compatible_versions?: string[];
  min_ledmatrix_version?: string;
  requires?: unknown;
  versions?: unknown;
};

/** LEDMatrix's floor: the manifest's own, else `requires.`, else the first listed version's. */
function floorOf(m: PythonBounds): string | undefined {
  const requires = m.requires as { min_ledmatrix_version?: unknown } | undefined;
  const first = Array.isArray(m.versions)
    ? (m.versions[0] as { ledmatrix_min_version?: unknown; ledmatrix_min?: unknown })
    : undefined;
  const candidates = [m.min_ledmatrix_version, requires?.min_ledmatrix_version, first?.ledmatrix_min_version];
  candidates.push(first?.ledmatrix_min);
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
}

/**
 * LEDMatrix's rule: `compatible_versions` are alternatives, any satisfied is enough; when every
 * readable one fails the plugin is refused, unreadable ones are no evidence. Then the floor.
 */
export function checkLedmatrixCompatibility(m: PythonBounds, api = LEDMATRIX_API_VERSION): Compatibility {
  const core = semver.parse(api)!;
  const ranges = (m.compatible_versions ?? []).filter((r) => semver.validRange(r.trim()) !== null);
  if (ranges.length && !ranges.some((r) => semver.satisfies(core, r.trim(), { includePrerelease: true }))) {
    return {
      compatible: false,
      reason: `${m.id} supports LEDMatrix ${ranges.join(' or ')}; Marquee provides LEDMatrix ${api}'s plugin API`,
    };
  }
  const floor = parseLooseVersion(floorOf(m));
  if (floor && semver.lt(core, floor)) {
    return {
      compatible: false,
      reason: `${m.id} needs LEDMatrix ${floor.version} or newer; Marquee provides LEDMatrix ${api}'s plugin API`,
    };
  }
  return { compatible: true };
}

/**
 * Throws PLUGIN_INCOMPATIBLE (terminal) with the reason: a Marquee plugin against Marquee's
 * version, a LEDMatrix plugin against LEDMatrix's rule (and a `min_marquee_version` if it has one).
 */
export function assertManifestCompatible(
  m: PythonBounds & { runtime: 'node' | 'python'; min_marquee_version?: string },
  marqueeVersion: string,
): void {
  if (m.runtime === 'node') return assertCompatible(m, marqueeVersion);
  const verdict = checkLedmatrixCompatibility(m);
  if (!verdict.compatible) {
    throw new AppError('PLUGIN_INCOMPATIBLE', {
      message: verdict.reason,
      context: { plugin_id: m.id, ledmatrix_api_version: LEDMATRIX_API_VERSION, reason: 'ledmatrix_version' },
    });
  }
  assertCompatible({ id: m.id, min_marquee_version: m.min_marquee_version }, marqueeVersion);
}
