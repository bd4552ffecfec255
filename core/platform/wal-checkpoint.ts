import type Database from 'better-sqlite3';

export interface WalCheckpointOptions {
  sqlite: Database.Database;
  /** Whether nothing is in flight right now (no request waiting on the event loop). */
  idle: () => boolean;
  /** Subscribes a listener to the moments the process becomes quiet (its last request ended); returns the unsubscribe. */
  onQuiet?: (listener: () => void) => () => void;
  /** Rows changed through this connection after which a checkpoint is due (about SQLite's 1000-page default). */
  changes?: number;
}

/**
 * Moves WAL checkpoints off the request path. By default SQLite checkpoints inside whichever
 * commit pushes the log past 1000 pages, and that commit pays for copying the pages back plus two
 * fsyncs: a few milliseconds on an SSD, tens on an SD card, landing in the latency of whatever
 * request (an enqueue, a toggle) happened to commit then. While `run` runs, the automatic
 * checkpoint is off for the web connection and a PASSIVE one is made once `changes` rows have been
 * written since the last, at a moment when nothing is in flight, or regardless at four times that.
 * Counting changes rather than checkpointing on a timer keeps the cadence SQLite would have had,
 * so an SD card is not written more often. On stop the automatic checkpoint is restored, so the
 * log never grows unchecked while nothing looks.
 *
 * It has no timer of its own (an idle process is not woken for it): it looks when the last request
 * in flight ends (`onQuiet`) and whenever the process calls `look` after writing on its own (the
 * heartbeat), so background writes are folded back at the heartbeat's pace at the latest.
 */
export function walCheckpointer(opts: WalCheckpointOptions) {
  const due = opts.changes ?? 250;
  const total = opts.sqlite.prepare('SELECT total_changes()').pluck();
  let last = total.get() as number;
  let scheduled = false;
  /** Checkpoints if enough was written since the last one (and now is a quiet moment, or it is overdue). */
  const step = (): boolean => {
    const now = total.get() as number;
    if (now - last < due * 4 && (now - last < due || !opts.idle())) return false;
    opts.sqlite.pragma('wal_checkpoint(PASSIVE)');
    last = now;
    return true;
  };
  /** A step once the current turn of the event loop is over (an answer just sent goes out first). */
  const look = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (opts.sqlite.open) step();
    });
  };
  return {
    step,
    look,
    async run(signal: AbortSignal): Promise<void> {
      const automatic = opts.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
      opts.sqlite.pragma('wal_autocheckpoint = 0');
      const unsubscribe = opts.onQuiet?.(look);
      try {
        look();
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      } finally {
        unsubscribe?.();
        if (opts.sqlite.open) opts.sqlite.pragma(`wal_autocheckpoint = ${automatic}`);
      }
    },
  };
}
