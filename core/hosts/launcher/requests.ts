/**
 * What the display may ask of the host launcher, and the check every request passes before the
 * launcher acts on it. The launcher is root; the display asking it is not, and is where plugin
 * output is parsed, so a request is judged as if it came from anyone: only a host command of a
 * known runtime (the Node binary with the host script under the permission model, or a Python
 * interpreter running `marquee_host`), only as the hosts' user, never as root. Anything else is
 * refused with the field, what was expected and what came.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HostUser, ResourceLimits } from '../confine.ts';
import type { HostLaunch } from '../runtime.ts';

/** Fixed when the launcher starts (given by the display while it is still root). */
export interface LauncherConfig {
  user: HostUser;
  node: { command: string; script: string };
  python: { interpreters: string[]; hostDir: string };
}

export interface SpawnRequest {
  t: 'spawn';
  id: number;
  uid: number;
  gid: number;
  launch: HostLaunch;
  limits: ResourceLimits;
  noNetwork: boolean;
}

export type LauncherRequest =
  SpawnRequest | { t: 'kill' | 'memory'; id: number } | { t: 'renice'; id: number; nice: number };

export class Refused extends Error {}

const show = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v.slice(0, 120)) : (JSON.stringify(v) ?? String(v));
const refuse = (field: string, expected: string, got: unknown): never => {
  throw new Refused(`${field}: expected ${expected}, got ${show(got)}`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096 && !v.includes('\0');

function int(v: unknown, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max)
    refuse(field, `an integer from ${min} to ${max}`, v);
  return v as number;
}

const ENV_KEYS = new Set([
  'PATH',
  'LANG',
  'UV_THREADPOOL_SIZE',
  'MALLOC_ARENA_MAX',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONUNBUFFERED',
  'PYTHONNOUSERSITE',
]);

/** Node options a host may be started with: the permission model and its grants, memory sizes. */
const NODE_OPTION =
  /^(--permission|--experimental-permission|--no-addons|--allow-net|--allow-fs-(read|write)=\/.*|--disable-warning=ExperimentalWarning|--max-(old|semi)-space-size=\d+)$/;

function checkNodeArgs(args: string[], c: LauncherConfig) {
  if (args[0] !== '--permission' && args[0] !== '--experimental-permission')
    refuse('launch.args[0]', "Node's permission model flag", args[0]);
  if (args.at(-1) !== c.node.script) refuse('launch.args (last)', `the host script ${c.node.script}`, args.at(-1));
  args.slice(0, -1).forEach((a, i) => NODE_OPTION.test(a) || refuse(`launch.args[${i}]`, 'a host option', a));
}

/** A plugin venv's interpreter (`<plugin>/.venv/bin/python`) is a link to a known interpreter. */
function knownPython(command: string, c: LauncherConfig): boolean {
  if (c.python.interpreters.includes(command)) return true;
  if (!/\/\.venv\/bin\/python3?$/.test(command)) return false;
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return null;
    }
  };
  const target = real(command);
  return target !== null && c.python.interpreters.some((p) => real(p) === target);
}

function checkPythonArgs(args: string[]) {
  if (args.slice(0, 3).join(' ') !== '-s -m marquee_host')
    refuse('launch.args', '"-s -m marquee_host" first', args.slice(0, 3).join(' '));
  for (let i = 3; i < args.length; i++) {
    if (args[i] === '--clock-from-render') continue;
    if ((args[i] !== '--read' && args[i] !== '--write') || !path.isAbsolute(args[i + 1] ?? ''))
      refuse(`launch.args[${i}]`, '--read or --write and an absolute folder', args[i]);
    i += 1;
  }
}

function checkLaunch(raw: unknown, c: LauncherConfig): HostLaunch {
  if (!isObject(raw)) return refuse('launch', 'an object', raw);
  const { command, args, env, cwd } = raw;
  if (!isText(command)) refuse('launch.command', 'a path', command);
  if (!Array.isArray(args) || args.length > 400 || !args.every(isText))
    refuse('launch.args', 'at most 400 strings', args);
  if (!isObject(env) || !Object.entries(env).every(([k, v]) => ENV_KEYS.has(k) && isText(v)))
    refuse('launch.env', `strings named ${[...ENV_KEYS].join(', ')}`, env);
  const launch = { command, args, env, cwd } as HostLaunch;
  if (launch.command === c.node.command) {
    checkNodeArgs(launch.args, c);
    if (cwd !== '/') refuse('launch.cwd', '"/"', cwd);
  } else if (knownPython(launch.command, c)) {
    checkPythonArgs(launch.args);
    if (cwd !== c.python.hostDir) refuse('launch.cwd', JSON.stringify(c.python.hostDir), cwd);
  } else refuse('launch.command', `a host runtime (${[c.node.command, ...c.python.interpreters].join(', ')})`, command);
  return launch;
}

function checkLimits(raw: unknown): ResourceLimits {
  if (!isObject(raw)) return refuse('limits', 'an object', raw);
  return {
    dataBytes: int(raw.dataBytes, 'limits.dataBytes', 1 << 20, 2 ** 40),
    fileBytes: int(raw.fileBytes, 'limits.fileBytes', 1 << 20, 2 ** 40),
    openFiles: int(raw.openFiles, 'limits.openFiles', 16, 65_536),
  };
}

/** The request if the launcher may act on it; throws `Refused` with the reason otherwise. */
export function checkRequest(raw: unknown, c: LauncherConfig): LauncherRequest {
  if (!isObject(raw)) return refuse('request', 'an object', raw);
  const id = int(raw.id, 'id', 1, Number.MAX_SAFE_INTEGER);
  if (raw.t === 'kill' || raw.t === 'memory') return { t: raw.t, id };
  // Raised only: the launcher acts on a host as the hosts' user, who may not lower a nice value.
  if (raw.t === 'renice') return { t: 'renice', id, nice: int(raw.nice, 'nice', 0, 19) };
  if (raw.t !== 'spawn') return refuse('t', 'spawn, kill, renice or memory', raw.t);
  const uid = int(raw.uid, 'uid', 1, 4_294_967_294);
  const gid = int(raw.gid, 'gid', 1, 4_294_967_294);
  if (uid !== c.user.uid || gid !== c.user.gid)
    refuse('uid/gid', `the hosts' user ${c.user.uid}:${c.user.gid}`, `${uid}:${gid}`);
  if (typeof raw.noNetwork !== 'boolean') refuse('noNetwork', 'true or false', raw.noNetwork);
  return {
    t: 'spawn',
    id,
    uid,
    gid,
    launch: checkLaunch(raw.launch, c),
    limits: checkLimits(raw.limits),
    noNetwork: raw.noNetwork as boolean,
  };
}

/** The launcher's configuration as the display passed it; throws `Refused` when it is not one. */
export function checkConfig(raw: unknown): LauncherConfig {
  if (!isObject(raw) || !isObject(raw.user) || !isObject(raw.node) || !isObject(raw.python))
    return refuse('config', '{ user, node, python }', raw);
  const user = {
    uid: int(raw.user.uid, 'user.uid', 1, 4_294_967_294),
    gid: int(raw.user.gid, 'user.gid', 1, 4_294_967_294),
  };
  const { command, script } = raw.node;
  const { interpreters, hostDir } = raw.python;
  const absolute = (v: unknown, field: string) =>
    isText(v) && path.isAbsolute(v) ? v : refuse(field, 'an absolute path', v);
  if (!Array.isArray(interpreters)) refuse('python.interpreters', 'a list of paths', interpreters);
  return {
    user,
    node: { command: absolute(command, 'node.command'), script: absolute(script, 'node.script') },
    python: {
      interpreters: (interpreters as unknown[]).map((p, i) => absolute(p, `python.interpreters[${i}]`)),
      hostDir: absolute(hostDir, 'python.hostDir'),
    },
  };
}
