import type Database from 'better-sqlite3';
import { abortableDelay } from './delay.ts';

export interface WalCheckpointOptions {
  sqlite: Database.Database;
  /** Whether nothing is in flight right now (no request waiting on the event loop). */
  idle: () => boolean;
  /** Rows changed through this connection after which a checkpoint is due (about SQLite's 1000-page default). */
  changes?: number;
  intervalMs?: number;
}

/**
 * Moves WAL checkpoints off the request path. By default SQLite checkpoints inside whichever
 * commit pushes the log past 1000 pages, and that commit pays for copying the pages back plus two
 * fsyncs: a few milliseconds on an SSD, tens on an SD card, landing in the latency of whatever
 * request (an enqueue, a toggle) happened to commit then. This loop turns the automatic
 * checkpoint off for the web connection and runs a PASSIVE one itself once `changes` rows have
 * been written since the last, at a moment when nothing is in flight, or regardless at four
 * times that. Counting changes rather than checkpointing on a timer keeps the cadence SQLite
 * would have had, so an SD card is not written more often. On stop the automatic checkpoint is
 * restored, so the log never grows unchecked while the loop is not running.
 */
export function walCheckpointer(opts: WalCheckpointOptions) {
  const due = opts.changes ?? 250;
  const intervalMs = opts.intervalMs ?? 250;
  const total = opts.sqlite.prepare('SELECT total_changes()').pluck();
  let last = total.get() as number;
  /** Checkpoints if enough was written since the last one (and now is a quiet moment, or it is overdue). */
  const step = (): boolean => {
    const now = total.get() as number;
    if (now - last < due * 4 && (now - last < due || !opts.idle())) return false;
    opts.sqlite.pragma('wal_checkpoint(PASSIVE)');
    last = now;
    return true;
  };
  return {
    step,
    async run(signal: AbortSignal): Promise<void> {
      const automatic = opts.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
      opts.sqlite.pragma('wal_autocheckpoint = 0');
      try {
        while (!signal.aborted) {
          step();
          await abortableDelay(intervalMs, signal);
        }
      } finally {
        if (opts.sqlite.open) opts.sqlite.pragma(`wal_autocheckpoint = ${automatic}`);
      }
    },
  };
}
