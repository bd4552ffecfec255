/**
 * Where an installed plugin came from, kept inside its folder (`.marquee-install.json`) so the fact
 * travels with the files: discovery can rebuild `plugin_state` from disk alone after a crash or a
 * lost database. Only the installer writes it, so a folder without one was not installed by
 * Marquee: in the built-in folder it is a first-party plugin (committed with Marquee), elsewhere a
 * plugin put there by hand.
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { PluginSource } from '../../../db/schema.ts';
import { exists } from '../staging/files.ts';

/** The install record's file name: the store's built-in source and discovery both decide by it. */
export const INSTALL_META_FILE = '.marquee-install.json';

/** A plugin folder is first-party when the installer never wrote its install record into it. */
export const isFirstParty = (dir: string): boolean => !fsSync.existsSync(path.join(dir, INSTALL_META_FILE));

const metaSchema = v.object({
  source: v.picklist(['registry', 'url']),
  repo: v.optional(v.nullable(v.string())),
  branch: v.optional(v.nullable(v.string())),
  plugin_path: v.optional(v.nullable(v.string())),
  commit: v.optional(v.nullable(v.string())),
  installed_at: v.string(),
});

export type InstallMeta = v.InferOutput<typeof metaSchema>;

export async function writeInstallMeta(dir: string, meta: InstallMeta): Promise<void> {
  const handle = await fs.open(path.join(dir, INSTALL_META_FILE), 'wx', 0o644);
  try {
    await handle.writeFile(JSON.stringify(meta, null, 2) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The folder's install record, or undefined when absent or unreadable (then the plugin counts as local). */
export async function readInstallMeta(dir: string): Promise<InstallMeta | undefined> {
  try {
    const parsed = v.safeParse(metaSchema, JSON.parse(await fs.readFile(path.join(dir, INSTALL_META_FILE), 'utf8')));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

export interface FolderOrigin {
  source: PluginSource;
  repo: string | null;
  branch: string | null;
  pluginPath: string | null;
}

/**
 * `builtinDir`: the folder first-party plugins ship in (settings.registry.builtinDir, by default the
 * plugins folder itself). A folder there without an install record is built in; one elsewhere is local.
 */
export async function folderOrigin(dir: string, builtinDir: string): Promise<FolderOrigin> {
  const meta = await readInstallMeta(dir);
  if (meta) {
    return {
      source: meta.source,
      repo: meta.repo ?? null,
      branch: meta.branch ?? null,
      pluginPath: meta.plugin_path ?? null,
    };
  }
  const recorded = await exists(path.join(dir, INSTALL_META_FILE));
  // An unreadable record still means the installer put the folder there: not first-party.
  const builtin = !recorded && path.resolve(path.dirname(dir)) === path.resolve(builtinDir);
  return { source: builtin ? 'builtin' : 'local', repo: null, branch: null, pluginPath: null };
}

/** The first-party plugin folders under `dir`: plugin folders (with a manifest) without an install record. */
export function firstPartyIds(dir: string): string[] {
  return fsSync
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .filter((id) => fsSync.existsSync(path.join(dir, id, 'manifest.json')) && isFirstParty(path.join(dir, id)))
    .sort();
}
