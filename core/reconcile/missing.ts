/**
 * A plugin config.json names but whose folder is gone: reinstalled from the registry as a normal
 * `install` operation, at most once per backoff interval. Missing from the registry → reported
 * and not tried again until the registry's content changes (or a forced run); registry not
 * reachable → tried again later, never given up on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReconcileRepairRow } from '../../db/schema.ts';
import { isAppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import { isTombstoned } from '../plugins/state/tombstones.ts';
import { resolveEntry } from '../registry/catalog.ts';
import { lookupFresh } from '../registry/fresh.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import type { StepContext } from './context.ts';
import { sectionKey } from './keys.ts';
import { markUnrecoverable, noteError, recordAttempt } from './repairs.ts';
import type { Finding } from './types.ts';

export const INSTALL_KIND = 'install';
const ACTIVE = new Set(['pending', 'running']);

const iso = (ms: number) => new Date(ms).toISOString();
const onDisk = (ctx: StepContext, id: string) => fs.existsSync(path.join(ctx.deps.settings.pluginsDir, id));

function base(id: string, description = `${id} is in config.json but not in the plugins directory`) {
  return { plugin_id: id, type: 'plugin_missing_on_disk' as const, description };
}

function deferred(id: string, row: ReconcileRepairRow, action: string): Finding {
  return {
    ...base(id),
    outcome: 'deferred',
    action,
    attempts: row.attempts,
    ...(row.nextAttemptAt !== null ? { next_attempt_at: iso(row.nextAttemptAt) } : {}),
    ...(row.lastErrorCode ? { error_code: row.lastErrorCode } : {}),
  };
}

const notInRegistry = (id: string, code: string): Finding => ({
  ...base(id, `${id} is in config.json but not on disk, and no registry source has it`),
  outcome: 'manual',
  action: 'Not installed. Tried again when the registry changes, or on a forced run; or remove its section.',
  error_code: code,
});

/** What stops an attempt now, if anything: an install in progress, a backoff, "not in the registry". */
function waiting(ctx: StepContext, id: string, key: string, repair: ReconcileRepairRow | undefined): Finding | null {
  if (!repair) return null;
  const op = repair.operationId ? ctx.deps.queue.get(repair.operationId) : null;
  if (op && ACTIVE.has(op.status))
    return { ...deferred(id, repair, `Reinstall operation ${op.id} is ${op.status}`), operation_id: op.id };
  if (op?.status === 'failed' && repair.lastErrorCode !== op.errorCode)
    repair = noteError(ctx.deps, id, { code: op.errorCode, message: op.errorMessage });
  if (ctx.force) return null;
  // The cached registry gained the plugin (a refresh this process did not announce): worth a look-up.
  if (repair.unrecoverable && !resolveEntry(ctx.deps.registry.catalog(), key))
    return notInRegistry(id, repair.lastErrorCode ?? 'PLUGIN_NOT_FOUND');
  if (!repair.unrecoverable && repair.nextAttemptAt !== null && repair.nextAttemptAt > ctx.deps.clock.now()) {
    const why = repair.lastError ? `last attempt: ${repair.lastError}` : 'reinstall attempted recently';
    return deferred(id, repair, `Waiting before the next attempt (${why})`);
  }
  return null;
}

/** Desired state read again after waiting: still configured, not uninstalled, still not on disk. */
function stillWanted(ctx: StepContext, id: string, entry: RegistryEntry): boolean {
  if (onDisk(ctx, id) || onDisk(ctx, entry.id)) return false;
  if (isTombstoned(ctx.deps, id) || isTombstoned(ctx.deps, entry.id)) return false;
  return sectionKey(ctx.deps.config.state().main, id) !== null;
}

async function lookup(ctx: StepContext, id: string, key: string): Promise<RegistryEntry | Finding> {
  try {
    await ctx.registryReady();
    return await lookupFresh(ctx.deps, key, { signal: ctx.signal });
  } catch (e) {
    if (isAppError(e) && e.code === 'PLUGIN_NOT_FOUND') {
      markUnrecoverable(ctx.deps, id, { code: e.code, message: e.message });
      return notInRegistry(id, e.code);
    }
    ctx.signal?.throwIfAborted();
    const code = isAppError(e) ? e.code : 'UNKNOWN_ERROR';
    const row = recordAttempt(ctx.deps, id, { errorCode: code, error: describeError(e) });
    return deferred(id, row, `Registry look-up failed (${describeError(e)}); tried again later`);
  }
}

function enqueueInstall(ctx: StepContext, id: string, entry: RegistryEntry): Finding {
  try {
    const { operation } = ctx.deps.queue.enqueue({
      kind: INSTALL_KIND,
      key: entry.id,
      params: { plugin_id: entry.id },
      requestedBy: 'reconciler',
    });
    const row = recordAttempt(ctx.deps, id, { operationId: operation.id });
    return {
      ...base(id),
      outcome: 'queued',
      action: `Reinstall of ${entry.id} from ${entry.source} queued (operation ${operation.id})`,
      operation_id: operation.id,
      attempts: row.attempts,
    };
  } catch (e) {
    if (isAppError(e) && e.code === 'PLUGIN_OPERATION_CONFLICT') {
      const blocking = (e.context as { operation_id?: string } | undefined)?.operation_id;
      return { ...base(id), outcome: 'deferred', action: `Another operation on ${entry.id} (${blocking}) comes first` };
    }
    const code = isAppError(e) ? e.code : 'UNKNOWN_ERROR';
    if (!isAppError(e)) ctx.deps.log.error('reinstall could not be queued', { plugin_id: id, error: describeError(e) });
    const row = recordAttempt(ctx.deps, id, { errorCode: code, error: describeError(e) });
    return deferred(id, row, `Reinstall could not be queued (${describeError(e)})`);
  }
}

/** `key` is the config key naming the plugin (`id` itself, or LEDMatrix's `ledmatrix-<id>`). */
export async function reconcileMissing(ctx: StepContext, id: string, key: string): Promise<Finding[]> {
  const wait = waiting(ctx, id, key, ctx.snap.repairs.get(id));
  if (wait) return [wait];
  const found = await lookup(ctx, id, key);
  if ('outcome' in found) return [found];
  if (found.id !== id && onDisk(ctx, found.id)) {
    return [
      {
        ...base(id, `${key} in config.json is the registry's ${found.id}, which is installed under that name`),
        outcome: 'manual',
        action: `Not reinstalled. Move the settings from "${key}" to "${found.id}" in config.json.`,
      },
    ];
  }
  // Level-based: whatever happened while the registry answered (an uninstall, a hand edit) counts.
  if (!stillWanted(ctx, id, found)) return [];
  return [enqueueInstall(ctx, id, found)];
}
