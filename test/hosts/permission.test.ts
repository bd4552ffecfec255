import { describe, expect, it } from 'vitest';
import { currentPermissionFlags, permissionFlags } from '../../core/hosts/node/permission.ts';
import { createNodeRuntime } from '../../core/hosts/node/runtime.ts';

/** The flags each Node line knows, as its `process.allowedNodeEnvironmentFlags` lists them. */
const KNOWS: Record<string, string[]> = {
  '18.19.0': [],
  '20.0.0': ['--experimental-permission'],
  '20.20.2': ['--experimental-permission', '--disable-warning'],
  '22.12.0': ['--experimental-permission', '--disable-warning'],
  '22.13.0': ['--permission', '--experimental-permission', '--disable-warning'],
  '23.4.0': ['--experimental-permission', '--disable-warning'],
  '23.5.0': ['--permission', '--experimental-permission', '--disable-warning'],
  '24.0.0': ['--permission', '--disable-warning'],
  '25.0.0': ['--permission', '--allow-net', '--disable-warning'],
};
const flagsFor = (v: string) => permissionFlags(v, (f) => KNOWS[v]!.includes(f));

describe("Node's permission model, by version", () => {
  it.each([
    ['18.19.0', null],
    ['20.0.0', '--experimental-permission'],
    ['20.20.2', '--experimental-permission'],
    ['22.12.0', '--experimental-permission'],
    ['22.13.0', '--permission'],
    ['23.4.0', '--experimental-permission'],
    ['23.5.0', '--permission'],
    ['24.0.0', '--permission'],
    ['25.0.0', '--permission'],
  ])('Node %s: %s', (version, flag) => {
    expect(flagsFor(version)?.enable ?? null).toBe(flag);
  });

  it('passes --allow-net where the model covers the network, so plugins keep fetching', () => {
    expect(flagsFor('25.0.0')!.extra).toContain('--allow-net');
    expect(flagsFor('22.13.0')!.extra).not.toContain('--allow-net');
  });

  it('uses a flag only when this Node lists it: a version claiming the stable flag without it falls back', () => {
    expect(permissionFlags('22.14.0', (f) => f === '--experimental-permission')?.enable).toBe(
      '--experimental-permission',
    );
    expect(permissionFlags('22.14.0', () => false)).toBeNull();
  });

  it('this Node has it', () => {
    expect(currentPermissionFlags()?.enable).toMatch(/^--(experimental-)?permission$/);
  });

  it('without it the Node runtime refuses to start hosts, saying why', () => {
    const runtime = createNodeRuntime({ script: '/x/host.mjs', flags: null, version: 'v18.19.0' });
    expect(runtime.unavailable()).toMatch(/Node v18\.19\.0 has no permission model/);
  });

  it('grants the host its script, its plugins folders to read and their data folders to write, nothing else', () => {
    const runtime = createNodeRuntime({
      script: '/m/host.mjs',
      flags: { enable: '--permission', extra: ['--allow-net'] },
      nodePath: '/usr/bin/node',
    });
    const launch = runtime.launch({ read: ['/p/a'], write: ['/d/a'], memoryMb: 48 });
    expect(launch.command).toBe('/usr/bin/node');
    expect(launch.args).toEqual([
      '--permission',
      '--allow-net',
      '--allow-fs-read=/m/host.mjs',
      '--allow-fs-read=/p/a',
      '--allow-fs-read=/d/a',
      '--allow-fs-write=/d/a',
      '--no-addons',
      '--max-old-space-size=48',
      '--max-semi-space-size=1',
      '/m/host.mjs',
    ]);
    expect(launch.args.some((a) => /allow-(child-process|worker|addons|wasi)/.test(a))).toBe(false);
    expect(Object.keys(launch.env).sort()).toEqual(['LANG', 'PATH', 'UV_THREADPOOL_SIZE']);
    expect(runtime.accepts('index.mjs') && runtime.accepts('plugin.js') && !runtime.accepts('manager.py')).toBe(true);
  });
});
