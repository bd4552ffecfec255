import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { heartbeats, type HeartbeatRow } from '../../db/schema.ts';
import type { Clock } from './clock.ts';
import { abortableDelay } from './delay.ts';

export type ProcessName = 'web' | 'display';

export function writeHeartbeat(
  db: Db,
  clock: Clock,
  name: ProcessName,
  startedAt: number,
  info: Record<string, unknown> = {},
): void {
  const now = clock.now();
  db.orm
    .insert(heartbeats)
    .values({ process: name, pid: process.pid, startedAt, beatAt: now, info })
    .onConflictDoUpdate({ target: heartbeats.process, set: { pid: process.pid, startedAt, beatAt: now, info } })
    .run();
}

export function readHeartbeat(db: Db, name: ProcessName): HeartbeatRow | undefined {
  return db.orm.select().from(heartbeats).where(eq(heartbeats.process, name)).get();
}

/**
 * The heartbeat loop: a low-rate write proving the process is alive and its database writable.
 * Low rate on purpose: an SD card wears with every write.
 */
export function heartbeatLoop(opts: {
  db: Db;
  clock: Clock;
  name: ProcessName;
  intervalMs: number;
  info?: () => Record<string, unknown>;
}) {
  const startedAt = opts.clock.now();
  return async (signal: AbortSignal) => {
    while (!signal.aborted) {
      writeHeartbeat(opts.db, opts.clock, opts.name, startedAt, opts.info?.() ?? {});
      await abortableDelay(opts.intervalMs, signal);
    }
  };
}
