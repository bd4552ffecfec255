import type { HostGrants, HostLaunch, HostRuntime } from '../runtime.ts';
import type { PermissionFlags } from './permission.ts';

/**
 * The Node runtime: JavaScript plugins (an `.mjs` or `.js` entry point) in a Node process started
 * from the bundled host script, under Node's permission model: it reads the script and its
 * plugins' folders, writes their data folders, and may not start processes or threads, load
 * native addons, or use the inspector. Without the model (Node before 20) it fails closed.
 */
export function createNodeRuntime(opts: {
  script: string;
  flags: PermissionFlags | null;
  nodePath?: string;
  version?: string;
}): HostRuntime {
  const node = opts.nodePath ?? process.execPath;
  return {
    name: 'node',
    accepts: (entry) => /\.(m?js)$/i.test(entry),
    unavailable: () =>
      opts.flags
        ? null
        : `Node ${opts.version ?? process.version} has no permission model (Node 20 or newer is needed to confine plugins)`,
    launch(grants: HostGrants): HostLaunch {
      const flags = opts.flags!;
      const read = [opts.script, ...grants.read].map((p) => `--allow-fs-read=${p}`);
      const write = grants.write.flatMap((p) => [`--allow-fs-read=${p}`, `--allow-fs-write=${p}`]);
      return {
        command: node,
        args: [
          flags.enable,
          ...flags.extra,
          ...read,
          ...write,
          '--no-addons',
          `--max-old-space-size=${Math.max(16, grants.memoryMb)}`,
          // A smaller young generation: plugins allocate little per frame, and each MB is resident.
          '--max-semi-space-size=1',
          opts.script,
        ],
        // Nothing of Marquee's environment: no NODE_OPTIONS (a loader), no tokens.
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', UV_THREADPOOL_SIZE: '2' },
        cwd: '/',
      };
    },
  };
}
