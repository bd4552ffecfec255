import { AppError } from '../../platform/errors/app-error.ts';
import type { ConfigHistory } from '../history.ts';
import { parseJson } from '../files/json-text.ts';
import { isPlainObject } from './merge.ts';
import type { Plan, PlanContext } from './context.ts';
import type { JsonObject } from '../types.ts';

/** Restores a history row byte for byte (the newest when none is named); the commit keeps the current pair first. */
export function planRollback(
  ctx: PlanContext & { history: Pick<ConfigHistory, 'ids' | 'read'> },
  id?: string,
): Plan & { restored: string } {
  const target = id ?? ctx.history.ids()[0];
  const pair = target ? ctx.history.read(target) : null;
  if (!target || !pair)
    throw new AppError('CONFIG_BACKUP_NOT_FOUND', {
      message: id ? `Backup ${id} not found` : 'There is no backup to roll back to',
      context: { backup: id ?? null },
    });
  const parse = (text: string, file: string): JsonObject => {
    const r = parseJson(text);
    if (r.ok && isPlainObject(r.value)) return r.value;
    throw new AppError('CONFIG_ROLLBACK_FAILED', {
      message: `Backup ${target} cannot be restored: its ${file} is not a JSON object`,
      context: { backup: target, file, ...(r.ok ? {} : { line: r.error.line, column: r.error.column }) },
    });
  };
  return {
    main: parse(pair.main, 'config.json'),
    secrets: parse(pair.secrets, 'config_secrets.json'),
    texts: pair,
    restored: target,
    reason: `rollback to ${target}`,
    message: `Configuration restored from backup ${target}`,
  };
}
