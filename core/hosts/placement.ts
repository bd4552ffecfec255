/** A plugin as the supervisor places it in a host, what it hears from there, and the group of plugins one host serves. */
import type { Demoter } from './demote.ts';
import type { DeathKind, HostProcess } from './host-process.ts';
import type { MemoryLedger } from './memory-ledger.ts';
import type { Json, PluginLogLevel } from './messages.ts';

export interface PlacedPlugin {
  id: string;
  dir: string;
  entry: string;
  manifest: Json;
  /** Marquee's own plugin (in the built-in folder, without an install record). */
  firstParty: boolean;
}

export interface LossNotice {
  reason: string;
  kind: DeathKind;
  /** The death is counted against this plugin. */
  blamed: boolean;
  /** The plugin may have caused it; it now gets a host of its own. */
  suspect: boolean;
  /** What the plugin's request in flight was (`update`, `render`, …), if it had one. */
  during: string | null;
}

export interface PluginEvents {
  lost(n: LossNotice): void;
  cache(key: string, value: string | null, expiresAt: number | null): void;
  live(value: boolean): void;
  log(level: PluginLogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** The plugins one host serves (the first-party group, or one third-party plugin), and that host. */
export interface Group {
  key: string;
  shared: boolean;
  host: HostProcess | null;
  starting: Promise<HostProcess> | null;
  members: Map<string, PluginEvents>;
  /** Folders granted at start: a plugin outside them cannot join this host. */
  readable: Set<string>;
  memory: MemoryLedger;
  cpu: Demoter;
  starts: number;
  /** The runtime its host was last started with (`node`, `python`). */
  runtime: string | null;
}
