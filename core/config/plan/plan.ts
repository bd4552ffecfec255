import type { ConfigChange } from '../change.ts';
import type { ConfigHistory } from '../history.ts';
import type { Plan, PlanContext } from './context.ts';
import { planMainMerge, planRawMain, planRawSecrets, planSection } from './main.ts';
import { planPluginRemove, planPluginReset, planPluginRestore, planPluginSave } from './plugin.ts';
import { planRollback } from './rollback.ts';
import { SCHEDULE_DEFAULTS } from '../schema/schedule.ts';
import { normaliseSchedule } from '../form/schedule.ts';

/** The next content of both files for a change, validated; throws (and writes nothing) when refused. */
export function planChange(
  ctx: PlanContext & { history: Pick<ConfigHistory, 'ids' | 'read'> },
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
