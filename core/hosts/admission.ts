import path from 'node:path';
import { escapingLinks, prepareDataDir, unreachable, type Confinement, type ResourceLimits } from './confine.ts';
import type { HostRuntime } from './runtime.ts';

const MB = 1024 * 1024;

/**
 * Why a plugin may not run here, checked before any host is started for it (null: it may). Every
 * reason is about confinement: no confinement, no runtime that confines it, a folder its host's
 * user could not reach, or links that would lead it out of its folder. Its data folder is created
 * on the way, for the host's user.
 */
export function refusal(
  p: { id: string; dir: string; entry: string },
  runtime: HostRuntime | null,
  o: { confinement: Confinement; dataRoot: string },
): string | null {
  if (o.confinement.problem) return o.confinement.problem;
  if (!runtime) return `no plugin runtime here runs ${path.basename(p.entry)}`;
  const missing = runtime.unavailable();
  if (missing) return missing;
  const user = o.confinement.user;
  const unreadable = user && unreachable(p.dir, user, 'read');
  if (unreadable) return `the plugin host's user cannot read the plugin folder: ${unreadable}`;
  const links = runtime.checksLinks ? [] : escapingLinks(p.dir);
  if (links.length) return `the plugin folder holds links leading outside it: ${links.slice(0, 3).join(', ')}`;
  const data = prepareDataDir(o.dataRoot, p.id, user);
  const unwritable = user && unreachable(data, user, 'write');
  if (unwritable) return `the plugin host's user cannot write the plugin's data folder: ${unwritable}`;
  return null;
}

/** A host's resource limits for a resident ceiling of `memoryMb`. */
export const hostLimits = (memoryMb: number): ResourceLimits => ({
  // Private writable memory: twice the resident ceiling, room for what V8 maps but does not fill.
  dataBytes: Math.max(memoryMb * 2, memoryMb + 128) * MB,
  fileBytes: 64 * MB,
  openFiles: 256,
});
