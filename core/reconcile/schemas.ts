/** Input and output schemas of the reconciler's routes (documentation and validation). */
import * as v from 'valibot';
import { isPlainObject } from '../config/plan/merge.ts';
import { FINDING_OUTCOMES, FINDING_TYPES, RECONCILE_RUN_STATUSES, RECONCILE_TRIGGERS } from './types.ts';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);
const FORCE = 'true or false (also "true", "false", 1, 0, "yes", "no")';

const word = (x: unknown) => (typeof x === 'string' ? x.trim().toLowerCase() : null);

/** LEDMatrix coerced `force`: `"false"` is false. Anything it could not read as a yes or no is refused. */
const forceSchema = v.pipe(
  v.unknown(),
  v.check(
    (x) =>
      x === null ||
      typeof x === 'boolean' ||
      x === 0 ||
      x === 1 ||
      (typeof x === 'string' && (TRUE.has(word(x)!) || FALSE.has(word(x)!))),
    FORCE,
  ),
  v.transform((x) => x === true || x === 1 || TRUE.has(word(x) ?? '')),
);

/**
 * LEDMatrix's tolerant body: absent, or anything that is not a JSON object (an array, a string,
 * null), means "not forced"; an object's `force` is read as above, other keys are ignored.
 */
export const reconcileBodySchema = v.pipe(
  v.unknown(),
  v.transform((x) => (isPlainObject(x) ? x : {})),
  v.object({ force: v.optional(forceSchema, false) }),
);

const brief = {
  plugin_id: v.string(),
  type: v.picklist(FINDING_TYPES),
  description: v.string(),
};

const findingSchema = v.object({
  ...brief,
  outcome: v.picklist(FINDING_OUTCOMES),
  fix_action: v.picklist(['auto_fix', 'manual_fix_required']),
  action: v.string(),
  operation_id: v.optional(v.string()),
  next_attempt_at: v.optional(v.string()),
  attempts: v.optional(v.number()),
  error_code: v.optional(v.string()),
});

export const runSummarySchema = v.object({
  run_id: v.string(),
  trigger: v.picklist(RECONCILE_TRIGGERS),
  forced: v.boolean(),
  status: v.picklist(RECONCILE_RUN_STATUSES),
  started_at: v.string(),
  finished_at: v.nullable(v.string()),
  duration_ms: v.nullable(v.number()),
  plugins_checked: v.number(),
  inconsistencies_found: v.number(),
  inconsistencies_fixed: v.number(),
  inconsistencies_manual: v.number(),
  inconsistencies_deferred: v.number(),
  reconciliation_successful: v.boolean(),
  inconsistencies: v.array(findingSchema),
  fixed: v.array(v.object({ ...brief, action: v.string(), operation_id: v.optional(v.string()) })),
  manual_fix_required: v.array(v.object({ ...brief, action: v.string() })),
  deferred: v.array(
    v.object({
      ...brief,
      action: v.string(),
      next_attempt_at: v.nullable(v.string()),
      attempts: v.nullable(v.number()),
    }),
  ),
  error: v.nullable(v.string()),
});

export const statusSchema = v.object({
  done: v.boolean(),
  running: v.boolean(),
  successful: v.nullable(v.boolean()),
  fixed_count: v.number(),
  unresolved: v.array(v.object(brief)),
  run: v.nullable(runSummarySchema),
});
