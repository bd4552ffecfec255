import { probeConfinement, type Confinement, type HostUser } from './confine.ts';
import { currentPermissionFlags } from './node/permission.ts';
import { createNodeRuntime } from './node/runtime.ts';
import { nodeHostScript } from './node/host-script.ts';
import type { HostRuntime } from './runtime.ts';

export interface HostPlatform {
  runtimes: HostRuntime[];
  confinement: Confinement;
}

/**
 * What this machine offers plugin hosts, found once per process: the confinement (confine.ts) and
 * the runtimes that can start hosts (Node here; the Python runtime is added beside it).
 */
export async function createHostPlatform(opts: { hostUser: HostUser }): Promise<HostPlatform> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const confinement = probeConfinement({ isRoot, hostUser: opts.hostUser });
  const node = createNodeRuntime({ script: await nodeHostScript(), flags: currentPermissionFlags() });
  return { runtimes: [node], confinement };
}
