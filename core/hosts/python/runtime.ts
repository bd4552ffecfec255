/**
 * The Python runtime: LEDMatrix's plugins (a `.py` entry point, `manager.py` by default, with the
 * manifest's `class_name`) in a `python3 -m marquee_host` process of their own. Its confinement is
 * its own as well as the platform's: the host refuses to load anything outside the folders it was
 * started with (`--read`, `--write`), and confines itself with Landlock to them before it imports
 * the plugin, failing closed where the kernel has no Landlock. Memory is bounded by the platform's
 * RLIMIT_DATA and the supervisor's resident ceiling (Python has no heap limit of its own).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HostGrants, HostLaunch, HostRuntime } from '../runtime.ts';
import { pythonHostCommand } from './command.ts';
import { DEFAULT_PYTHON, MIN_PYTHON } from './runtime-check.ts';

/** Where a plugin's venv is (made by its install), relative to its folder. */
export const PLUGIN_VENV = '.venv';

export interface PythonFacts {
  python: string;
  /** `3.11`, or null when the interpreter could not be run. */
  version: string | null;
  /** Why hosts cannot run here (no interpreter, too old, no Pillow), or null. */
  problem: string | null;
}

const PROBE =
  'import importlib.util, json, sys; print(json.dumps({"v": list(sys.version_info[:2]), "pil": importlib.util.find_spec("PIL") is not None}))';

/** Runs the interpreter once to learn its version and whether Pillow is there. */
export function probePython(python = DEFAULT_PYTHON): Promise<PythonFacts> {
  return new Promise((resolve) => {
    execFile(python, ['-I', '-c', PROBE], { timeout: 15_000, env: { PATH: '/usr/bin:/bin' } }, (err, stdout) => {
      if (err) return resolve({ python, version: null, problem: `${python} could not be run (${firstLine(err)})` });
      let v: { v: [number, number]; pil: boolean };
      try {
        v = JSON.parse(stdout) as typeof v;
      } catch {
        return resolve({
          python,
          version: null,
          problem: `${python} did not answer the probe: ${stdout.slice(0, 80)}`,
        });
      }
      resolve({ python, version: v.v.join('.'), problem: judge(python, v.v, v.pil) });
    });
  });
}

export function judge(python: string, [major, minor]: [number, number], pil: boolean): string | null {
  const [wantMajor, wantMinor] = MIN_PYTHON;
  if (major !== wantMajor || minor < wantMinor)
    return `${python} is Python ${major}.${minor}; LEDMatrix plugins need ${wantMajor}.${wantMinor} or later (sudo apt install python3)`;
  if (!pil) return `${python} has no Pillow, which LEDMatrix plugins draw with (sudo apt install python3-pil)`;
  return null;
}

const firstLine = (e: Error) => e.message.split('\n')[0];

/** The plugin's own interpreter when its install made a venv, else the system's. */
export function interpreterFor(pluginDirs: readonly string[], system: string): string {
  if (pluginDirs.length !== 1) return system;
  const own = path.join(pluginDirs[0]!, PLUGIN_VENV, 'bin', 'python');
  return fs.existsSync(own) ? own : system;
}

export function createPythonRuntime(facts: PythonFacts, opts: { clockFromRender?: boolean } = {}): HostRuntime {
  return {
    name: 'python',
    accepts: (entry) => /\.py$/i.test(entry),
    unavailable: () => facts.problem,
    // Landlock checks what a link leads to, so a venv's links to the system's interpreter are harmless.
    checksLinks: true,
    pluginFields(dir: string) {
      const venv = path.join(dir, PLUGIN_VENV);
      return fs.existsSync(path.join(venv, 'bin', 'python')) ? { venv } : {};
    },
    launch(grants: HostGrants): HostLaunch {
      const base = pythonHostCommand(interpreterFor(grants.read, facts.python));
      const granted = [...grants.read.flatMap((d) => ['--read', d]), ...grants.write.flatMap((d) => ['--write', d])];
      return {
        command: base.command,
        args: [...base.args, ...granted, ...(opts.clockFromRender ? ['--clock-from-render'] : [])],
        cwd: base.cwd,
        // Nothing of Marquee's environment (no tokens, no NOTIFY_SOCKET): the host's own, and
        // glibc's arenas bounded, since each of a plugin's threads would otherwise get one.
        env: { ...base.env, MALLOC_ARENA_MAX: '2' },
      };
    },
  };
}
