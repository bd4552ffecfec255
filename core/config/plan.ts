import type { ConfigChange } from './change.ts';
import type { Plan, PlanContext } from './plan-context.ts';
import { planMainMerge, planRawMain, planRawSecrets, planSection } from './plan-main.ts';
import { planPluginRemove, planPluginReset, planPluginRestore, planPluginSave } from './plan-plugin.ts';
import { planRollback } from './plan-rollback.ts';
import { SCHEDULE_DEFAULTS } from './schedule-schema.ts';
import { normaliseSchedule } from './schedule-input.ts';

/** The next content of both files for a change, validated; throws (and writes nothing) when refused. */
export function planChange(
  ctx: PlanContext & { backupsDir: string },
  change: ConfigChange,
): Plan & { restored?: string } {
  switch (change.op) {
    case 'main':
      return planMainMerge(ctx, change.patch);
    case 'section':
      return planSection(ctx, change.section, normaliseSchedule(change.value), {
        ...SCHEDULE_DEFAULTS[change.section],
      });
    case 'plugin':
      return planPluginSave(ctx, change.plugin_id, change.config);
    case 'plugin-reset':
      return planPluginReset(ctx, change.plugin_id, change.preserve_secrets);
    case 'plugin-remove':
      return planPluginRemove(ctx, change.plugin_id);
    case 'plugin-restore':
      return planPluginRestore(ctx, change.plugin_id, change.main, change.secrets);
    case 'raw':
      return change.file === 'main' ? planRawMain(ctx, change.content) : planRawSecrets(ctx, change.content);
    case 'rollback':
      return planRollback(ctx, change.backup);
  }
}
