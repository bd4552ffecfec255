/**
 * A host runtime: how to start a host that runs plugins of one language. The supervisor is the
 * same for every language; a runtime only says which plugins it runs and what command starts a
 * host for them, with its own confinement (the Node runtime: Node's permission model). The
 * platform's confinement (confine.ts) is wrapped around whatever command a runtime gives.
 */
import type { HostCommand } from './confine.ts';

export interface HostGrants {
  /** Folders the host's plugins may read (their own folders). */
  read: string[];
  /** Folders they may write (their data folders); readable too. */
  write: string[];
  /** Ceiling of the host's resident memory, MB (its heap limit follows it). */
  memoryMb: number;
}

export interface HostLaunch extends HostCommand {
  env: Record<string, string>;
  cwd: string;
}

export interface HostRuntime {
  /** `node`, `python`: what `init`'s reply calls `runtime`. */
  name: string;
  /** Whether this runtime runs a plugin whose manifest names this entry point. */
  accepts(entryPoint: string): boolean;
  /** Why this runtime cannot start confined hosts on this machine (it then fails closed), or null. */
  unavailable(): string | null;
  launch(grants: HostGrants): HostLaunch;
  /**
   * Its confinement judges the target of every link (Landlock), so links in a plugin's folder that
   * lead outside it (a venv's interpreter) open nothing. Node's permission model follows them, so
   * without this such a folder is refused.
   */
  checksLinks?: boolean;
  /** Fields this runtime adds to the `load` request's `plugin` (the Python host: its venv). */
  pluginFields?(dir: string): Record<string, unknown>;
}

/** The runtime for a plugin's entry point, or null when no runtime here runs it. */
export const runtimeFor = (runtimes: readonly HostRuntime[], entryPoint: string): HostRuntime | null =>
  runtimes.find((r) => r.accepts(entryPoint)) ?? null;
