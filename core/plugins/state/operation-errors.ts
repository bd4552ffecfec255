/**
 * plugin_state's last error follows the plugin's lifecycle operations as well as discovery: a
 * failed install, update, uninstall or toggle is recorded on the plugin's row, so the Plugins page
 * shows it beside the plugin and not only in the history; the next one that completes clears it.
 * The row's status stays (after a failed update the previous version still runs). A folder that
 * cannot load (status `error` or `incompatible`) keeps discovery's error, which says why.
 */
import type { Platform } from '../../platform/index.ts';
import type { StreamEvent } from '../../platform/events.ts';
import type { OperationView } from '../../queue/view.ts';
import { publishPluginChanged } from './events.ts';
import { INSTALL_KIND, TOGGLE_KIND, UNINSTALL_KIND, UPDATE_KIND } from '../ops/index.ts';
import { getPluginState, patchPluginState } from './rows.ts';

type ErrorDeps = Pick<Platform, 'db' | 'events' | 'clock' | 'log'>;

const KINDS = new Set([INSTALL_KIND, UPDATE_KIND, UNINSTALL_KIND, TOGGLE_KIND]);
const OWN_ERRORS = new Set(['error', 'incompatible']);

/** Applies one finished operation to its plugin's row; true when the row changed. */
export function recordOperationOutcome(deps: ErrorDeps, op: OperationView): boolean {
  if (!KINDS.has(op.operation_type)) return false;
  const row = getPluginState(deps, op.plugin_id);
  if (!row || OWN_ERRORS.has(row.status)) return false;
  if (op.status === 'failed' && op.error) {
    const lastError = `${op.operation_type} failed: ${op.error.message}`;
    patchPluginState(deps, row.id, { lastError, lastErrorAt: deps.clock.now() });
  } else if (op.status === 'completed' && row.lastError !== null) {
    patchPluginState(deps, row.id, { lastError: null, lastErrorAt: null });
  } else return false;
  publishPluginChanged(deps, row.id);
  return true;
}

/** Follows `operation.finished` for the life of the process; returns the unsubscribe. */
export function followOperationErrors(deps: ErrorDeps): () => void {
  return deps.events.subscribe((e: StreamEvent) => {
    if (e.type === 'operation.finished') recordOperationOutcome(deps, e.data as OperationView);
  });
}
