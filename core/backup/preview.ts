/**
 * What a restore would change, shown before the user confirms: config sections changed, added or
 * removed, whether secrets are replaced or kept, plugins to install (and those that cannot be),
 * installed plugins the backup does not list (kept), and the counts of plugin data, saved
 * repositories and uploads now and after.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PluginStateRow } from '../../db/schema/plugins.ts';
import type { BackupPlugin } from './manifest.ts';
import type { BackupContents, JsonObject } from './read.ts';

export interface DeviceNow {
  config: JsonObject;
  plugins: Pick<PluginStateRow, 'id' | 'version' | 'status' | 'present'>[];
  pluginCacheEntries: number;
  savedRepositories: number;
  uploads: number;
}

/** Why a listed plugin cannot be put back by a restore, or null when it can. */
export function cannotInstall(p: BackupPlugin): string | null {
  if (p.source === 'local') return 'it was put in the plugins folder by hand; copy it back the same way';
  if (p.source === 'url' && !p.repo) return 'the backup does not say which repository it came from';
  return null;
}

function sections(now: JsonObject, after: JsonObject) {
  const keys = [...new Set([...Object.keys(now), ...Object.keys(after)])].sort();
  return {
    changed: keys.filter((k) => k in now && k in after && !isDeepStrictEqual(now[k], after[k])),
    added: keys.filter((k) => !(k in now)),
    removed: keys.filter((k) => !(k in after)),
  };
}

export function previewRestore(now: DeviceNow, b: BackupContents) {
  const installed = new Map(now.plugins.filter((p) => p.status !== 'uninstalled' && p.present).map((p) => [p.id, p]));
  const listed = new Set(b.manifest.plugins.map((p) => p.id));
  const missing = b.manifest.plugins.filter((p) => !installed.has(p.id));
  return {
    created_at: b.manifest.created_at,
    marquee_version: b.manifest.marquee_version,
    includes_secrets: b.manifest.includes_secrets,
    config: sections(now.config, b.config),
    secrets: b.secrets ? ('replaced' as const) : ('kept' as const),
    plugins: {
      install: missing
        .filter((p) => !cannotInstall(p))
        .map((p) => ({ id: p.id, version: p.version, source: p.source })),
      cannot_install: missing.flatMap((p) => {
        const reason = cannotInstall(p);
        return reason ? [{ id: p.id, reason }] : [];
      }),
      other_version: b.manifest.plugins
        .filter((p) => installed.has(p.id) && p.version && installed.get(p.id)!.version !== p.version)
        .map((p) => ({ id: p.id, installed: installed.get(p.id)!.version, backup: p.version })),
      kept: [...installed.keys()].filter((id) => !listed.has(id)).sort(),
    },
    plugin_data: { now: now.pluginCacheEntries, after: b.pluginCache.length },
    saved_repositories: { now: now.savedRepositories, after: b.savedRepositories.length },
    uploads: { now: now.uploads, after: b.uploads.length },
  };
}

export type RestorePreview = ReturnType<typeof previewRestore>;
