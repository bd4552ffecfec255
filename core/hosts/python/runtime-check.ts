/**
 * Whether this machine can run LEDMatrix's Python plugins at all, asked before anything is
 * downloaded: an interpreter, its venv module (with ensurepip, which Debian ships separately) and
 * Pillow, which plugins draw with and which is used from the system rather than built.
 */
import { execFile } from 'node:child_process';
import { AppError } from '../../platform/errors/app-error.ts';

/** The oldest Python the host and LEDMatrix's plugins run on; the install and the display ask the same. */
export const MIN_PYTHON: readonly [number, number] = [3, 11];

/** Debian's interpreter, which has python3-pil; the one first on PATH may be another. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

const PROBE = [
  'import importlib.util, json, sys',
  'mods = {"venv": "python3-venv", "ensurepip": "python3-venv", "PIL": "python3-pil"}',
  'missing = sorted({pkg for mod, pkg in mods.items() if importlib.util.find_spec(mod) is None})',
  'print(json.dumps({"version": list(sys.version_info[:2]), "missing": missing}))',
].join('\n');

export interface PythonRuntime {
  python: string;
  version: string;
}

/** Resolves with the interpreter's version, or throws PLUGIN_RUNTIME_MISSING naming the Debian packages to install. */
export async function checkPythonRuntime(python = DEFAULT_PYTHON): Promise<PythonRuntime> {
  let out: string;
  try {
    out = await run(python, ['-I', '-c', PROBE]);
  } catch (e) {
    throw missing(['python3'], `${python} could not be run (${(e as Error).message.split('\n')[0]})`);
  }
  const probe = JSON.parse(out) as { version: [number, number]; missing: string[] };
  const [major, minor] = probe.version;
  const [wantMajor, wantMinor] = MIN_PYTHON;
  if (major !== wantMajor || minor < wantMinor)
    throw missing(['python3'], `${python} is Python ${major}.${minor}; ${wantMajor}.${wantMinor} or later is needed`);
  if (probe.missing.length > 0) throw missing(probe.missing, `${python} lacks ${probe.missing.join(', ')}`);
  return { python, version: `${major}.${minor}` };
}

function missing(packages: string[], why: string): AppError {
  return new AppError('PLUGIN_RUNTIME_MISSING', {
    message: `This machine cannot run Python plugins: ${why}. Install: sudo apt install ${packages.join(' ')}`,
    context: { install: packages },
  });
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 15_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}
