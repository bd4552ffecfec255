import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig, checkRequest, Refused, type LauncherConfig } from '../../core/hosts/launcher/requests.ts';
import { createNodeRuntime } from '../../core/hosts/node/runtime.ts';
import { createPythonRuntime } from '../../core/hosts/python/runtime.ts';
import { tempDir } from '../support/temp.ts';

const CONFIG: LauncherConfig = {
  user: { uid: 990, gid: 991 },
  node: { command: '/usr/bin/node', script: '/opt/marquee/dist/plugin-host.mjs' },
  python: { interpreters: ['/usr/bin/python3'], hostDir: '/opt/marquee/core/hosts/python' },
};
const GRANTS = {
  read: ['/var/lib/marquee/plugins/clock'],
  write: ['/var/lib/marquee/data/plugins/clock'],
  memoryMb: 64,
};
const node = createNodeRuntime({
  script: CONFIG.node.script,
  nodePath: CONFIG.node.command,
  flags: { enable: '--permission', extra: ['--allow-net'] },
}).launch(GRANTS);
const python = createPythonRuntime({ python: '/usr/bin/python3', version: '3.11', problem: null }).launch(GRANTS);
const LIMITS = { dataBytes: 256 << 20, fileBytes: 64 << 20, openFiles: 256 };
const spawn = (over: Record<string, unknown> = {}) => ({
  t: 'spawn',
  id: 1,
  uid: 990,
  gid: 991,
  launch: node,
  limits: LIMITS,
  noNetwork: false,
  ...over,
});
const refusal = (raw: unknown) => {
  try {
    checkRequest(raw, CONFIG);
  } catch (e) {
    if (e instanceof Refused) return e.message;
    throw e;
  }
  return null;
};

describe('what the host launcher accepts', () => {
  it('accepts the Node and Python runtimes’ own host commands, as the hosts’ user', () => {
    expect(checkRequest(spawn(), CONFIG)).toMatchObject({ t: 'spawn', uid: 990, launch: node });
    const py = { ...python, cwd: CONFIG.python.hostDir };
    expect(checkRequest(spawn({ launch: py }), CONFIG)).toMatchObject({ launch: py });
    expect(checkRequest({ t: 'renice', id: 3, nice: 19 }, CONFIG)).toEqual({ t: 'renice', id: 3, nice: 19 });
    expect(checkRequest({ t: 'kill', id: 3 }, CONFIG)).toEqual({ t: 'kill', id: 3 });
  });

  it('accepts a plugin venv’s interpreter only when it leads to a known one', () => {
    const dir = tempDir('marquee-venv-');
    const bin = path.join(dir, 'plugin', '.venv', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const config = { ...CONFIG, python: { ...CONFIG.python, interpreters: [path.join(dir, 'python3')] } };
    fs.writeFileSync(path.join(dir, 'python3'), '');
    fs.writeFileSync(path.join(dir, 'other'), '');
    fs.symlinkSync(path.join(dir, 'python3'), path.join(bin, 'python'));
    const launch = { ...python, command: path.join(bin, 'python'), cwd: CONFIG.python.hostDir };
    expect(checkRequest(spawn({ launch }), config)).toMatchObject({ launch });
    fs.rmSync(path.join(bin, 'python'));
    fs.symlinkSync(path.join(dir, 'other'), path.join(bin, 'python'));
    expect(() => checkRequest(spawn({ launch }), config)).toThrow(/launch.command: expected a host runtime/);
  });

  it.each([
    ['root', spawn({ uid: 0 }), 'uid: expected an integer from 1 to 4294967294, got 0'],
    ['root’s group', spawn({ gid: 0 }), 'gid: expected an integer from 1 to 4294967294, got 0'],
    ['another user', spawn({ uid: 1000 }), 'uid/gid: expected the hosts\' user 990:991, got "1000:991"'],
    [
      'a shell',
      spawn({ launch: { ...node, command: '/bin/sh', args: ['-c', 'id'] } }),
      'launch.command: expected a host runtime',
    ],
    [
      'Node without the permission model',
      spawn({ launch: { ...node, args: node.args.slice(1) } }),
      'launch.args[0]: expected',
    ],
    [
      'another script',
      spawn({ launch: { ...node, args: [...node.args.slice(0, -1), '/tmp/x.mjs'] } }),
      'launch.args (last)',
    ],
    [
      'a grant to start processes',
      spawn({ launch: { ...node, args: ['--permission', '--allow-child-process', CONFIG.node.script] } }),
      'launch.args[1]: expected a host option, got "--allow-child-process"',
    ],
    [
      'code to evaluate',
      spawn({ launch: { ...node, args: ['--permission', '-e', 'x', CONFIG.node.script] } }),
      'launch.args[1]',
    ],
    [
      'Python running something else',
      spawn({ launch: { ...python, args: ['-c', 'print(1)'] } }),
      'launch.args: expected',
    ],
    ['a loader in the environment', spawn({ launch: { ...node, env: { NODE_OPTIONS: '--import x' } } }), 'launch.env'],
    ['another folder', spawn({ launch: { ...node, cwd: '/root' } }), 'launch.cwd: expected "/"'],
    ['no limits', spawn({ limits: { dataBytes: 1 } }), 'limits.dataBytes'],
    ['an unknown request', { t: 'exec', id: 2 }, 't: expected spawn, kill, renice or memory, got "exec"'],
    [
      'a nice value below the hosts’',
      { t: 'renice', id: 2, nice: -5 },
      'nice: expected an integer from 0 to 19, got -5',
    ],
    ['no id', { t: 'kill' }, 'id: expected an integer'],
    ['not an object', 'spawn', 'request: expected an object, got "spawn"'],
  ])('refuses %s with the field, what was expected and what came', (_what, raw, message) => {
    expect(refusal(raw)).toContain(message);
  });

  it('refuses a configuration that would start hosts as root', () => {
    expect(() => checkConfig({ ...CONFIG, user: { uid: 0, gid: 0 } })).toThrow(/user.uid: expected an integer from 1/);
    expect(() => checkConfig({ ...CONFIG, node: { command: 'node', script: 'x' } })).toThrow(
      /node.command: expected an absolute path/,
    );
    expect(checkConfig(JSON.parse(JSON.stringify(CONFIG)))).toEqual(CONFIG);
  });
});
