/**
 * The `dependencies` stage of installing a LEDMatrix (Python) plugin: its requirements.txt goes
 * into a virtual environment inside the staged folder (`.venv/`), so the venv moves into place with
 * the plugin's files in the same rename, is put back with them on a rollback, and goes with them on
 * an uninstall. A venv runs from wherever its folder is (its `bin/python` finds its packages
 * beside it); only pip's own scripts name the folder it was made in, and nothing runs those.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import { installPluginDependencies } from '../hosts/python/venv.ts';
import type { RuntimeSupport } from './runtimes.ts';

/** The venv's folder inside a Python plugin's folder. */
export const PLUGIN_VENV_DIR = '.venv';

export interface DependencyStage {
  dir: string;
  signal?: AbortSignal;
  report(message: string): void;
}

export async function installPythonDependencies(
  deps: Pick<Platform, 'settings'> & { runtimes: RuntimeSupport },
  stage: DependencyStage,
): Promise<{ venv: string | null; installed: string[] }> {
  await deps.runtimes.assert('python');
  const venvDir = path.join(stage.dir, PLUGIN_VENV_DIR);
  // A venv shipped in the archive was made on another machine: never used, never kept.
  await fs.rm(venvDir, { recursive: true, force: true });
  const { pipTimeoutMs } = deps.settings.python;
  const timeout = AbortSignal.timeout(pipTimeoutMs);
  const result = await installPluginDependencies({
    pluginDir: stage.dir,
    venvDir,
    indexUrl: deps.settings.python.pipIndexUrl || undefined,
    python: deps.settings.python.interpreter,
    signal: stage.signal ? AbortSignal.any([stage.signal, timeout]) : timeout,
    onProgress: (p) => stage.report(p.message),
  }).catch((e: unknown) => {
    if (!timeout.aborted || stage.signal?.aborted) throw e;
    throw new AppError('PLUGIN_DEPENDENCIES_FAILED', {
      message: `Installing the plugin's Python dependencies failed: pip did not finish within ${pipTimeoutMs} ms`,
      context: { timeout_ms: pipTimeoutMs },
      transient: false,
    });
  });
  stage.report(result.installed.length ? `installed ${result.installed.join(', ')}` : 'no dependencies to install');
  return result;
}
