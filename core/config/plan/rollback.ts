import { AppError } from '../../platform/errors/app-error.ts';
import { listBackupIds, readBackupPair } from '../files/backups.ts';
import { parseJson } from '../files/json-text.ts';
import { isPlainObject } from './merge.ts';
import type { Plan, PlanContext } from './context.ts';
import type { JsonObject } from '../types.ts';

/** Restores a backup pair byte for byte (the newest when none is named); the current pair is backed up first by the commit. */
export function planRollback(ctx: PlanContext & { backupsDir: string }, id?: string): Plan & { restored: string } {
  const target = id ?? listBackupIds(ctx.backupsDir)[0];
  const pair = target ? readBackupPair(ctx.backupsDir, target) : null;
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
