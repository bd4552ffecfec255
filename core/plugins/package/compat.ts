/**
 * Whether a plugin may run on this Marquee version, and whether a registry version is newer than
 * the installed one. Versions are semantic versions; a leading `v` and missing parts are tolerated
 * where registries and tags are known to write them that way (`v1.2`, `1.2`).
 */
import semver, { type SemVer } from 'semver';
import { AppError } from '../../platform/errors/app-error.ts';
import { isUnknownVersion } from '../../../shared/plugin-version.ts';

export type Compatibility = { compatible: true } | { compatible: false; reason: string };

type Bounds = { id: string; compatible_versions?: string[]; min_marquee_version?: string };

/** `v1.2.3`, `1.2.3`, `1.2`, `1` and `1.2.3-beta.1` → a SemVer; anything else → null. */
export function parseLooseVersion(text: unknown): SemVer | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().replace(/^[vV]/, '');
  if (!trimmed) return null;
  const strict = semver.parse(trimmed);
  if (strict) return strict;
  if (!/^\d+(\.\d+){0,2}$/.test(trimmed)) return null;
  return semver.coerce(trimmed);
}

/**
 * The plugin is compatible when Marquee's version satisfies one of `compatible_versions` (if any are
 * given) and is at least `min_marquee_version` (if given). Prereleases of Marquee count as their
 * release, so a development build can load plugins written for the version it is becoming.
 */
export function checkCompatibility(manifest: Bounds, coreVersion: string): Compatibility {
  const core = parseLooseVersion(coreVersion);
  // Without a readable version of our own there is no evidence either way; refusing would lock every plugin out.
  if (!core) return { compatible: true };
  const ranges = manifest.compatible_versions ?? [];
  const opts = { includePrerelease: true };
  if (ranges.length && !ranges.some((r) => semver.satisfies(core, r, opts))) {
    return {
      compatible: false,
      reason: `${manifest.id} supports Marquee ${ranges.join(' or ')}; this is Marquee ${core.version}`,
    };
  }
  const floor = parseLooseVersion(manifest.min_marquee_version);
  if (floor && semver.lt(new semver.SemVer(`${core.major}.${core.minor}.${core.patch}`), floor)) {
    return {
      compatible: false,
      reason: `${manifest.id} needs Marquee ${floor.version} or newer; this is Marquee ${core.version}`,
    };
  }
  return { compatible: true };
}

/** Throws PLUGIN_INCOMPATIBLE (terminal) with the reason. */
export function assertCompatible(manifest: Bounds, coreVersion: string): void {
  const verdict = checkCompatibility(manifest, coreVersion);
  if (verdict.compatible) return;
  throw new AppError('PLUGIN_INCOMPATIBLE', {
    message: verdict.reason,
    context: { plugin_id: manifest.id, marquee_version: coreVersion, reason: 'version_range' },
  });
}

/**
 * Whether `latest` (from the registry) is newer than `installed`. Either missing, or `installed`
 * UNKNOWN_VERSION (nobody stated it) → false (nothing to compare); identical text → false; both readable → semantic comparison (never a downgrade);
 * otherwise the texts differ in a way we cannot order, which is reported as an update, as LEDMatrix does.
 */
export function isUpdateAvailable(installed: unknown, latest: unknown): boolean {
  if (installed === null || installed === undefined || installed === '') return false;
  if (typeof installed === 'string' && isUnknownVersion(installed)) return false;
  if (latest === null || latest === undefined || latest === '') return false;
  if (typeof installed !== 'string' || typeof latest !== 'string') return true;
  if (installed.trim() === latest.trim()) return false;
  const a = parseLooseVersion(installed);
  const b = parseLooseVersion(latest);
  if (a && b) return semver.gt(b, a);
  return true;
}
