/**
 * Version comparison for update availability (the store badge, `update_available` of installed
 * plugins, the update operation's "already up to date"). Semantic versions with an optional
 * leading `v`, one to three numeric parts, a prerelease (lower than its release) and build
 * metadata (ignored).
 */
import { resolveEntry, type Catalog } from './catalog.ts';
import { isUnknownVersion } from '../../shared/plugin-version.ts';

interface Parsed {
  core: [number, number, number];
  pre: string[];
}

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Parsed | null {
  const m = SEMVER.exec(text.trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (!a.length || !b.length) return b.length - a.length; // a release ranks above its prereleases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative, zero or positive like a sort comparator; null when either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i]! - pb.core[i]!;
  return comparePre(pa.pre, pb.pre);
}

/**
 * LEDMatrix's rule: nothing known on either side (an installed UNKNOWN_VERSION included) → no update; the same text → none; otherwise
 * `latest` newer than `installed`; two texts that do not parse and differ → offer the update (the
 * registry changed, and an update is how to find out).
 */
export function isUpdateAvailable(installed: string | null | undefined, latest: string | null | undefined): boolean {
  if (!installed || isUnknownVersion(installed) || !latest) return false;
  if (installed.trim() === latest.trim()) return false;
  const c = compareVersions(latest, installed);
  return c === null ? true : c > 0;
}

/** Latest registry version for an installed plugin (by registry id or folder) and whether it is newer. */
export function updateFor(catalog: Catalog, id: string, installed: string | null) {
  const entry = resolveEntry(catalog, id);
  const latest = entry?.latest_version ?? null;
  return {
    registry_id: entry?.id ?? null,
    latest_version: latest,
    update_available: isUpdateAvailable(installed, latest),
  };
}
