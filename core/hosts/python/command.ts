/**
 * How to start the Python plugin host: `python3 -m marquee_host` from this folder, with the
 * channel on fd 3 (see ../protocol.ts). Byte-code is not written: plugin folders are read-only to
 * the confined host, and a root-owned __pycache__ would stop later updates of the plugin.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../../hono.config.ts';
import { DEFAULT_PYTHON } from './runtime-check.ts';

export const PYTHON_HOST_DIR = path.join(PROJECT_ROOT, 'core', 'hosts', 'python');

export interface HostCommand {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** The command for a host; `python` is a plugin venv's bin/python or the system interpreter. */
export function pythonHostCommand(python = DEFAULT_PYTHON): HostCommand {
  return {
    command: python,
    args: ['-s', '-m', 'marquee_host'],
    cwd: PYTHON_HOST_DIR,
    env: {
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      PYTHONNOUSERSITE: '1',
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
    },
  };
}
