import type { Platform } from '../platform/index.ts';

/** What the queue itself uses of the platform: rows in the database, time, the event stream, shutdown. */
export type QueueBase = Pick<Platform, 'settings' | 'clock' | 'log' | 'db' | 'events' | 'lifecycle'>;
