/** The user leaves safe mode: third-party plugins run again at the display's next poll. */
import type Database from 'better-sqlite3';
import type { Logger } from '../platform/log.ts';
import { leaveSafeMode } from './state.ts';
import { safeModeView, type SafeModeView } from './view.ts';

export function exitSafeMode(deps: { sqlite: Database.Database; now: () => number; log: Logger }): {
  left: boolean;
  view: SafeModeView;
} {
  const left = leaveSafeMode(deps.sqlite, deps.now(), 'user');
  if (left) deps.log.info('safe mode ended by the user');
  return { left, view: safeModeView(deps.sqlite) };
}
