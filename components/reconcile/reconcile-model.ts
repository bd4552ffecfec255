import type { ReactiveController } from 'lit';
import { asApiError, isAbort, type ApiError } from '../lib/api.ts';
import { EVENT_TYPES } from '../../shared/events.ts';
import { LiveReload } from '../lib/live-reload.ts';
import { Resource } from '../lib/resource.ts';
import type { ServicedElement } from '../lib/serviced-element.ts';

/** A finding as `GET /api/v3/plugins/reconciliation-status` lists it (core/reconcile/schemas.ts). */
export interface RunItem {
  plugin_id: string;
  type: string;
  description: string;
  action: string;
  outcome?: string;
  next_attempt_at?: string | null;
  attempts?: number | null;
}

export interface RunSummary {
  run_id: string;
  trigger: string;
  forced: boolean;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  inconsistencies_found: number;
  inconsistencies_fixed: number;
  inconsistencies_deferred: number;
  inconsistencies_manual: number;
  inconsistencies: RunItem[];
  manual_fix_required: RunItem[];
  deferred: RunItem[];
  error: string | null;
}

export interface ReconcileStatus {
  done: boolean;
  running: boolean;
  run: RunSummary | null;
}

/** A run may re-read the registry and check every plugin: longer than an ordinary request. */
const RUN_TIMEOUT_MS = 120_000;

/**
 * The latest reconcile run, kept current from `reconcile.finished` (and after the event stream
 * reopens, since a run that ended while it was down was never announced), and a way to start one.
 */
export class ReconcileModel implements ReactiveController {
  readonly status: Resource<ReconcileStatus>;
  running = false;
  runError: ApiError | null = null;
  private controller: AbortController | null = null;

  constructor(private readonly host: ServicedElement) {
    host.addController(this);
    this.status = new Resource(host, {
      load: async (signal) =>
        (await host.services.api.get<ReconcileStatus>('/api/v3/plugins/reconciliation-status', { signal })).data,
    });
    new LiveReload(host, { types: [EVENT_TYPES.reconcileFinished], reload: () => void this.status.reload() });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.controller?.abort();
    this.controller = null;
    this.running = false;
  }

  /** Runs the reconciler and shows the run it answers with; `force` clears every wait first. */
  async run(force: boolean): Promise<void> {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.runError = null;
    this.host.requestUpdate();
    try {
      await this.host.services.api.post(
        '/api/v3/plugins/state/reconcile',
        { force },
        {
          signal: controller.signal,
          timeoutMs: RUN_TIMEOUT_MS,
        },
      );
      if (!controller.signal.aborted) await this.status.reload();
    } catch (e) {
      if (controller.signal.aborted || isAbort(e)) return;
      this.runError = asApiError(e);
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.running = false;
        this.host.requestUpdate();
      }
    }
  }
}

/** Where the user can act on a finding, if anywhere in the UI. */
export function findingLink(item: Pick<RunItem, 'type'>): { href: string; label: string } | null {
  switch (item.type) {
    case 'plugin_missing_on_disk':
      return { href: '#/store', label: 'Open the Store' };
    case 'staging_debris':
    case 'plugin_folder_invalid':
    case 'plugin_check_failed':
      return null;
    default:
      return { href: '#/plugins', label: 'Open Plugins' };
  }
}
