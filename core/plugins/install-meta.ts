/**
 * Where an installed plugin came from, kept inside its folder (`.marquee-install.json`) so the fact
 * travels with the files: discovery can rebuild `plugin_state` from disk alone after a crash or a
 * lost database. First-party plugins carry a `.marquee-builtin` marker instead.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { PluginSource } from '../../db/schema.ts';
import { exists } from './files.ts';

export const INSTALL_META_FILE = '.marquee-install.json';
export const BUILTIN_MARKER = '.marquee-builtin';

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

export async function folderOrigin(dir: string): Promise<FolderOrigin> {
  const meta = await readInstallMeta(dir);
  if (meta) {
    return {
      source: meta.source,
      repo: meta.repo ?? null,
      branch: meta.branch ?? null,
      pluginPath: meta.plugin_path ?? null,
    };
  }
  const builtin = await exists(path.join(dir, BUILTIN_MARKER));
  return { source: builtin ? 'builtin' : 'local', repo: null, branch: null, pluginPath: null };
}
