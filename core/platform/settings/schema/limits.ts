/** How much and how long: sizes and counts accepted, time allowed, and the two phases of a shutdown. */
import * as v from 'valibot';
import { int } from './fields.ts';

export const limitSettings = v.optional(
  v.object({
    bodyBytes: int(1_024, 64 * 1024 * 1024, 1024 * 1024),
    queueMaxPending: int(1, 100_000, 100),
    queueConcurrency: int(1, 16, 2),
    historyMaxRows: int(10, 1_000_000, 1_000),
    historyMaxDays: int(1, 3_650, 90),
    /** A plugin archive may expand to at most this many bytes in total, */
    pluginMaxBytes: int(64 * 1024, 2 * 1024 * 1024 * 1024, 64 * 1024 * 1024),
    /** hold at most this many files, */
    pluginMaxFiles: int(1, 1_000_000, 5_000),
    /** and no single file above this size. */
    pluginMaxFileBytes: int(1_024, 2 * 1024 * 1024 * 1024, 32 * 1024 * 1024),
    /** A downloaded archive may be at most this large (a monorepo archive holds other plugins too). */
    pluginDownloadBytes: int(64 * 1024, 4 * 1024 * 1024 * 1024, 256 * 1024 * 1024),
    /** Largest backup archive accepted for a restore (uploads included). */
    backupBytes: int(64 * 1024, 4 * 1024 * 1024 * 1024, 256 * 1024 * 1024),
  }),
  {},
);

export const timeoutSettings = v.optional(
  v.object({
    /** Time a client has to send its request headers. */
    headersMs: int(1_000, 120_000, 10_000),
    /** Time a client has to send its whole request. */
    requestMs: int(1_000, 600_000, 30_000),
    keepAliveMs: int(100, 120_000, 5_000),
    outboundConnectMs: int(100, 60_000, 5_000),
    outboundTotalMs: int(1_000, 600_000, 15_000),
    /** Time a plugin archive download may take from request to last byte. */
    pluginDownloadMs: int(1_000, 3_600_000, 120_000),
  }),
  {},
);

export const shutdownSettings = v.optional(
  v.object({
    /** Phase 1: in-flight requests and tasks may finish. */
    graceMs: int(0, 300_000, 10_000),
    /** Phase 2: after aborting what remains, how long to wait before closing anyway. */
    abortMs: int(0, 60_000, 3_000),
  }),
  {},
);
