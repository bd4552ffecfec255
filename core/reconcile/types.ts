/**
 * What the reconciler reports: one finding per inconsistency, with what was done about it. The
 * type names LEDMatrix used are kept (`plugin_missing_in_config`, `plugin_missing_on_disk`,
 * `plugin_enabled_mismatch`, `plugin_version_mismatch`); the others are Marquee's.
 */

/** What asked for a run: the start, the schedule, the registry (a change, a push), the API, a repair that failed. */
export const RECONCILE_TRIGGERS = ['startup', 'schedule', 'registry', 'api', 'repair'] as const;
export type ReconcileTrigger = (typeof RECONCILE_TRIGGERS)[number];

export const RECONCILE_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type ReconcileRunStatus = (typeof RECONCILE_RUN_STATUSES)[number];

export const FINDING_TYPES = [
  /** On disk, no config section: a section with the schema defaults and `enabled: false` is added. */
  'plugin_missing_in_config',
  /** In config, not on disk: reinstalled from the registry (an operation), or reported. */
  'plugin_missing_on_disk',
  /** config.json's `enabled` and plugin_state differ: config wins. */
  'plugin_enabled_mismatch',
  /** The manifest on disk names another version than plugin_state: the state is corrected. */
  'plugin_version_mismatch',
  /** plugin_state disagrees with the disk (no row, folder gone, status stale): the state is corrected. */
  'plugin_state_mismatch',
  /** A folder whose manifest is unreadable or invalid, or that cannot run here. */
  'plugin_invalid',
  /** A folder the user uninstalled that reappeared: never reinstalled or deleted, only reported. */
  'plugin_tombstoned_present',
  /** A state row whose folder is gone, that config does not name and that was not uninstalled. */
  'plugin_orphaned_state',
  /** A folder in the plugins directory whose name cannot be a plugin id. */
  'plugin_folder_invalid',
  /** A staging folder no running operation owns. */
  'staging_debris',
  /** Looking at the plugin failed (an I/O error or a bug); it is looked at again next run. */
  'plugin_check_failed',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export const FINDING_OUTCOMES = [
  /** Corrected during the run. */
  'fixed',
  /** A repair operation was enqueued (`operation_id`). */
  'queued',
  /** Will be retried automatically (`next_attempt_at`); nothing for a person to do yet. */
  'deferred',
  /** Needs a person (shown in the UI banner). */
  'manual',
] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

export interface Finding {
  plugin_id: string;
  type: FindingType;
  description: string;
  outcome: FindingOutcome;
  /** What was done or is waiting, in words. */
  action: string;
  operation_id?: string;
  next_attempt_at?: string;
  attempts?: number;
  error_code?: string;
}

export interface RunOptions {
  trigger: ReconcileTrigger;
  /** Retries every waiting repair now and every failed one again, re-reading the registry first. */
  force?: boolean;
}
