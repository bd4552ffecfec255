/**
 * A LEDMatrix plugin's Python dependencies, in a virtual environment of its own.
 *
 * `installPluginDependencies` checks the machine first (PLUGIN_RUNTIME_MISSING before any
 * download), creates the venv with `--system-site-packages` (Debian's Pillow is used, never
 * built), and installs the plugin's requirements.txt with pip from the index it is given.
 * Progress follows pip's own steps; the signal cancels (pip is killed); any failure or cancel
 * leaves nothing new behind: a previous venv is restored as it was, a new one is removed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors/app-error.ts';
import { checkPythonRuntime, DEFAULT_PYTHON } from './runtime-check.ts';
import { pipProgress, type PipProgress } from './pip-progress.ts';

export type { PipProgress } from './pip-progress.ts';

/** pip without prompts, caches in the home folder or progress bars (its step lines are the progress). */
const PIP_INSTALL = [
  ...['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check'],
  ...['--no-cache-dir', '--progress-bar', 'off'],
];

export interface InstallDependenciesOptions {
  /** The plugin's folder, holding requirements.txt. */
  pluginDir: string;
  /** Where the venv goes (its parent must exist); the host is given it as `plugin.venv`. */
  venvDir: string;
  /** Package index (PEP 503 "simple" URL) to install from; absent or empty: pip's default. */
  indexUrl?: string;
  python?: string;
  signal?: AbortSignal;
  onProgress?: (p: PipProgress) => void;
}

export interface InstallDependenciesResult {
  /** The venv made, or null when requirements.txt names nothing to install (no venv is needed). */
  venv: string | null;
  /** Names pip reported as installed. */
  installed: string[];
}

export async function installPluginDependencies(opts: InstallDependenciesOptions): Promise<InstallDependenciesResult> {
  const python = opts.python ?? DEFAULT_PYTHON;
  await checkPythonRuntime(python);
  const requirements = path.join(opts.pluginDir, 'requirements.txt');
  if (!namesSomething(requirements)) return { venv: null, installed: [] };
  opts.signal?.throwIfAborted();
  const previous = `${opts.venvDir}.previous`;
  // A previous venv set aside by an attempt that crashed is the last good one: put it back first.
  if (fs.existsSync(previous) && !fs.existsSync(opts.venvDir)) fs.renameSync(previous, opts.venvDir);
  fs.rmSync(previous, { recursive: true, force: true });
  const hadOne = fs.existsSync(opts.venvDir);
  if (hadOne) fs.renameSync(opts.venvDir, previous);
  try {
    opts.onProgress?.({ stage: 'venv', message: `creating ${opts.venvDir}` });
    await runStep(python, ['-m', 'venv', '--system-site-packages', opts.venvDir], opts);
    const index = opts.indexUrl ? ['--index-url', opts.indexUrl] : [];
    const pip = [...PIP_INSTALL, ...index, '--requirement', requirements];
    const output = await runStep(path.join(opts.venvDir, 'bin', 'python'), pip, opts);
    fs.rmSync(previous, { recursive: true, force: true });
    return { venv: opts.venvDir, installed: installedNames(output) };
  } catch (e) {
    fs.rmSync(opts.venvDir, { recursive: true, force: true });
    if (hadOne) fs.renameSync(previous, opts.venvDir);
    throw e;
  }
}

/** True when requirements.txt exists and has a line that is not blank or a comment. */
function namesSomething(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** Runs one command; rejects with its last lines on failure and kills it when the signal aborts. */
function runStep(file: string, args: string[], opts: InstallDependenciesOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PIP_CONFIG_FILE: '/dev/null', PYTHONNOUSERSITE: '1' };
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const lines = pipProgress((p) => opts.onProgress?.(p));
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), lines(d.toString())));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const abort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => reject(failure(`${path.basename(file)} could not start: ${e.message}`)));
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', abort);
      if (opts.signal?.aborted)
        return reject(new AppError('OPERATION_CANCELLED', { message: 'Installing the dependencies was cancelled' }));
      if (code === 0) return resolve(out);
      reject(failure(lastLines(err || out) || `${path.basename(file)} ended with ${signal ?? `status ${code}`}`));
    });
  });
}

function failure(details: string): AppError {
  return new AppError('PLUGIN_DEPENDENCIES_FAILED', {
    message: `Installing the plugin's Python dependencies failed: ${details.split('\n').at(-1)}`,
    details,
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-8).join('\n');
}

function installedNames(output: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith('Successfully installed '));
  return line ? line.slice('Successfully installed '.length).trim().split(/\s+/) : [];
}
