import { probeConfinement, type Confinement, type HostUser } from './confine.ts';
import { currentPermissionFlags } from './node/permission.ts';
import { createNodeRuntime } from './node/runtime.ts';
import { nodeHostScript } from './node/host-script.ts';
import { createPythonRuntime, probePython } from './python/runtime.ts';
import type { HostRuntime } from './runtime.ts';
import type { HostSpawner } from './spawn.ts';

export interface HostPlatform {
  runtimes: HostRuntime[];
  confinement: Confinement;
  /** Starts hosts through the host launcher (launcher/client.ts); absent: this process starts them. */
  spawn?: HostSpawner;
}

/**
 * What this machine offers plugin hosts, found once per process: the confinement (confine.ts) and
 * the runtimes that can start hosts: Node for Marquee's plugins, Python for LEDMatrix's (a runtime
 * that cannot run here says why in `unavailable()`, and its plugins are refused with that reason).
 * `python.clockFromRender`: LEDMatrix plugins read the render's `now` as their wall clock inside
 * display() (reproducible frames: tests and previews, never a panel).
 */
export async function createHostPlatform(opts: {
  hostUser: HostUser;
  python?: { interpreter?: string; clockFromRender?: boolean };
  /** The host launcher: its confinement (probed as the hosts' user) and its way of starting hosts. */
  launcher?: { confinement: Confinement; spawn: HostSpawner };
}): Promise<HostPlatform> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const confinement = opts.launcher?.confinement ?? probeConfinement({ isRoot, hostUser: opts.hostUser });
  const [script, pythonFacts] = await Promise.all([nodeHostScript(), probePython(opts.python?.interpreter)]);
  const node = createNodeRuntime({ script, flags: currentPermissionFlags() });
  const python = createPythonRuntime(pythonFacts, { clockFromRender: opts.python?.clockFromRender });
  return { runtimes: [node, python], confinement, ...(opts.launcher ? { spawn: opts.launcher.spawn } : {}) };
}
