import type { Auth } from '../auth/service.ts';
import type { ConfigService } from '../config/service.ts';
import type { BackupService } from '../backup/service.ts';
import type { DeviceStatusService } from '../device/status.ts';
import type { DisplayLink } from '../display/web/link.ts';
import type { Health } from '../health/checks.ts';
import type { Platform } from '../platform/index.ts';
import type { Previews } from '../previews/service.ts';
import type { PluginOps } from '../plugins/ops/requests.ts';
import type { EnabledFlags } from '../plugins/state/enabled-sync.ts';
import type { InstalledListCache } from '../plugins/state/installed-cache.ts';
import type { RuntimeSupport } from '../plugins/runtimes.ts';
import type { Queue } from '../queue/types.ts';
import type { Reconciler } from '../reconcile/service.ts';
import type { StoreListCache } from '../registry/list-cache.ts';
import type { Registry } from '../registry/service.ts';

/**
 * The web process's composed services as route handlers read them (`c.var.services`), set once per
 * request. Built by core/app/compose.ts; only the HTTP edge, routes and the composition see this
 * type: a room receives the parts it reads, never the whole.
 */
export interface Services extends Platform {
  /** config/config.json + config_secrets.json: masked views, validated atomic saves, backups. */
  config: ConfigService;
  /** The operation queue: every state-changing request is enqueued here. */
  queue: Queue;
  /** Registry sources, caches and the merged plugin catalog. */
  registry: Registry;
  /** The store list's answers, serialised once per state of what they show. */
  storeList: StoreListCache;
  /** Whether this machine can run each kind of plugin (Python plugins need Debian's packages). */
  runtimes: RuntimeSupport;
  /** Brings plugins on disk, plugin_state and config in line (scheduled, never per request). */
  reconciler: Reconciler;
  /** Install, update, uninstall and toggle as the API asks for them: checks, then the operation. */
  pluginOps: PluginOps;
  /** The installed-plugin list, cached until the database changes. */
  pluginList: InstalledListCache;
  /** Keeps plugin_state's enabled flags equal to config.json's once following (`follow()`). */
  enabledFlags: EnabledFlags;
  /** The channel to the supervised display process (preview frames, what is on screen). */
  display: DisplayLink;
  health: Health;
  /** The device's status (load, memory, disk, temperature, throttling), kept a few seconds. */
  device: DeviceStatusService;
  /** Backup export, restore previews and restores. */
  backups: BackupService;
  /** Store previews: answered from the data folder, made by `store-preview` operations. */
  previews: Previews;
  /** Sessions, API tokens and pairing: who may use the API (`MARQUEE_AUTH`). */
  auth: Auth;
  /** Whether this process supervises the display process (false under `npm run display` or tests). */
  supervisesDisplay: boolean;
}
