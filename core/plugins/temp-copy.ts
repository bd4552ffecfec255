/**
 * A plugin's archive downloaded and extracted into a temporary folder, with the install's checks
 * (download caps, the archive's central directory judged before anything is written, the
 * manifest, entry module, schema and compatibility), for reading a plugin without installing it.
 * Nothing under the plugins folder is touched; the caller removes the folder with `remove()`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../platform/index.ts';
import { extractArchive } from './archive/extract.ts';
import { archiveLimits } from './archive/limits.ts';
import { downloadArchive } from './download.ts';
import type { Manifest } from './package/manifest.ts';
import type { ArchiveSource } from './source.ts';
import { validateStaged } from './staging/staging.ts';

export interface TempCopy {
  /** The plugin's folder (readable by any user: a confined host may run as another one). */
  dir: string;
  manifest: Manifest;
  remove(): Promise<void>;
}

export async function fetchToTemp(
  deps: Pick<Platform, 'http' | 'settings' | 'version'>,
  source: ArchiveSource,
  opts: { signal?: AbortSignal; prefix?: string } = {},
): Promise<TempCopy> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), opts.prefix ?? 'marquee-plugin-'));
  const remove = () => fs.rm(root, { recursive: true, force: true });
  try {
    const file = path.join(root, 'archive.zip');
    await downloadArchive(deps, source.candidates, file, {
      signal: opts.signal,
      maxBytes: deps.settings.limits.pluginDownloadBytes,
      timeoutMs: deps.settings.timeouts.pluginDownloadMs,
    });
    const dir = path.join(root, 'plugin');
    await fs.mkdir(dir);
    await extractArchive(file, dir, {
      limits: archiveLimits(deps.settings),
      pluginPath: source.pluginPath,
      signal: opts.signal,
    });
    await fs.rm(file);
    const manifest = await validateStaged(deps, dir, source.pluginId);
    await fs.chmod(root, 0o755);
    await fs.chmod(dir, 0o755);
    return { dir, manifest, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
