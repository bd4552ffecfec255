/**
 * The safe-mode row and its panel notice, changed together in one transaction. While it is active
 * the display runs only first-party plugins (its plugin query reads this row) and draws the
 * notice over the rotation.
 */
import type Database from 'better-sqlite3';
import { clearNotice, setNotice } from '../display/notices.ts';
import type { ProcessName } from '../platform/heartbeat.ts';

export const SAFE_MODE_NOTICE = { key: 'safe-mode', text: 'SAFE MODE', color: '#ffb000' } as const;
/** Safe mode ends by itself after this long without a crash. */
export const CLEAN_PERIOD_MS = 60 * 60_000;

export const LEFT_BY = ['user', 'clean-hour'] as const;
export type LeftBy = (typeof LEFT_BY)[number];

export interface SafeMode {
  active: boolean;
  process: ProcessName | null;
  reason: string | null;
  enteredAt: number | null;
  cleanSince: number | null;
  leftAt: number | null;
  leftBy: LeftBy | null;
}

const OFF: SafeMode = {
  active: false,
  process: null,
  reason: null,
  enteredAt: null,
  cleanSince: null,
  leftAt: null,
  leftBy: null,
};

export function readSafeMode(sqlite: Database.Database): SafeMode {
  const row = sqlite
    .prepare(
      `SELECT active, process, reason, entered_at AS enteredAt, clean_since AS cleanSince, left_at AS leftAt,
        left_by AS leftBy FROM safe_mode WHERE id = 1`,
    )
    .get() as (Omit<SafeMode, 'active'> & { active: number }) | undefined;
  return row ? { ...row, active: row.active === 1 } : OFF;
}

export function enterSafeMode(
  sqlite: Database.Database,
  o: { process: ProcessName; reason: string; now: number },
): void {
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO safe_mode (id, active, process, reason, entered_at, clean_since, left_at, left_by)
         VALUES (1, 1, ?, ?, ?, ?, NULL, NULL)
         ON CONFLICT(id) DO UPDATE SET active = 1, process = excluded.process, reason = excluded.reason,
           entered_at = excluded.entered_at, clean_since = excluded.clean_since, left_at = NULL, left_by = NULL`,
      )
      .run(o.process, o.reason, o.now, o.now);
    setNotice(sqlite, SAFE_MODE_NOTICE, o.now);
  })();
}

/** Another crash while in safe mode: the clean hour starts again. */
export function crashedInSafeMode(sqlite: Database.Database, now: number): void {
  sqlite.prepare('UPDATE safe_mode SET clean_since = ? WHERE id = 1 AND active = 1').run(now);
}

/** Ends safe mode; false when it was not active. */
export function leaveSafeMode(sqlite: Database.Database, now: number, by: LeftBy): boolean {
  return sqlite.transaction(() => {
    const changed = sqlite
      .prepare('UPDATE safe_mode SET active = 0, left_at = ?, left_by = ? WHERE id = 1 AND active = 1')
      .run(now, by).changes;
    clearNotice(sqlite, SAFE_MODE_NOTICE.key);
    return changed > 0;
  })();
}

/** Whether an hour has passed without a crash since safe mode began (or since the last crash in it). */
export const cleanHourPassed = (s: SafeMode, now: number): boolean =>
  s.active && s.cleanSince !== null && now - s.cleanSince >= CLEAN_PERIOD_MS;
