/**
 * The `repair` operation (key: the plugin id, requested by the reconciler): reinstalls a plugin
 * config.json names but the plugins folder lacks, by running the `install` executor (looked up when
 * it runs, so registration order does not matter). Level-based: right before installing, after
 * the registry answered, it checks the plugin is still wanted, and does nothing if not.
 *
 * Its retries are the repair backoff (./backoff.ts, 30 s doubling to 6 h) with no attempt limit
 * while failures are transient (the network, a registry that cannot be read): the operation's
 * attempts, next attempt and last error are the repair's only record. "In no registry"
 * (PLUGIN_NOT_FOUND) and other terminal failures end it; the reconciler asks again when the
 * registry changes or on a forced run. A person's install, update or uninstall of the plugin
 * supersedes a repair waiting for its next attempt (`yields`), so it never stands in their way.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { AppError } from '../platform/errors/app-error.ts';
import { INSTALL_KIND } from '../plugins/ops/install.ts';
import { parseParams } from '../plugins/ops/params.ts';
import { pluginIdSchema } from '../plugins/package/id.ts';
import { isTombstoned } from '../plugins/state/tombstones.ts';
import type { Executor, ExecutorContext, JsonValue } from '../queue/types.ts';
import { lookupFresh } from '../registry/fresh.ts';
import { REPAIR_BACKOFF } from './backoff.ts';
import type { ReconcileEnv } from './context.ts';
import { sectionKey } from './keys.ts';

export const REPAIR_KIND = 'repair';

const repairParams = v.object({ plugin_id: pluginIdSchema });

type RepairEnv = Pick<ReconcileEnv, 'settings' | 'db' | 'config' | 'registry' | 'queue' | 'clock' | 'log'>;

const onDisk = (env: RepairEnv, id: string) => fs.existsSync(path.join(env.settings.pluginsDir, id));

/** Why plugin `id` (the registry's `entryId`) needs no repair now, or null when it still does. */
function notWanted(env: RepairEnv, id: string, entryId = id): string | null {
  if (onDisk(env, id) || onDisk(env, entryId)) return `${entryId} is in the plugins folder`;
  if (isTombstoned(env, id) || isTombstoned(env, entryId)) return `${id} was uninstalled`;
  if (!sectionKey(env.config.state().main, id)) return `config.json no longer names ${id}`;
  return null;
}

const nothingToDo = (id: string, why: string) => ({
  plugin_id: id,
  repaired: false,
  message: `Nothing to repair: ${why}`,
});

/** A config key that is the registry's plugin under another name, installed as that: moving settings is a person's call. */
const installedElsewhere = (id: string, entryId: string) =>
  new AppError('PLUGIN_ID_MISMATCH', {
    message: `${id} in config.json is the registry's ${entryId}, which is installed under that name`,
    context: { plugin_id: id, registry_id: entryId },
    fixes: [`Move the settings from "${id}" to "${entryId}" in config.json`],
  });

async function repair(env: RepairEnv, ctx: ExecutorContext): Promise<JsonValue> {
  const { plugin_id: id } = parseParams(repairParams, ctx.params);
  const before = notWanted(env, id);
  if (before) return nothingToDo(id, before);
  ctx.progress(0, 'resolving', id);
  const entry = await lookupFresh(env, id, { signal: ctx.signal });
  if (entry.id !== id && onDisk(env, entry.id)) throw installedElsewhere(id, entry.id);
  // The registry may have taken a while: an uninstall or a hand edit meanwhile counts.
  const after = notWanted(env, id, entry.id);
  if (after) return nothingToDo(id, after);
  const install = env.queue.executor(INSTALL_KIND);
  if (!install) throw new AppError('SYSTEM_ERROR', { message: 'No install executor is registered' });
  return (await install.run({ ...ctx, params: { plugin_id: entry.id } })) ?? null;
}

export function repairExecutor(env: RepairEnv): Executor {
  return {
    kind: REPAIR_KIND,
    // The registry look-up, then the install's download, extraction and swap.
    timeoutMs: env.settings.timeouts.outboundTotalMs + env.settings.timeouts.pluginDownloadMs + 60_000,
    maxAttempts: Infinity,
    backoff: REPAIR_BACKOFF,
    yields: true,
    run: (ctx) => repair(env, ctx),
    async recover(ctx) {
      await env.queue.executor(INSTALL_KIND)?.recover?.(ctx);
    },
  };
}
