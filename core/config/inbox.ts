/**
 * Where a `configure` operation's change waits for its executor. The queue persists only
 * `describeChange(change)` plus a request id (setting and secret values must never reach the
 * operation history), so the change itself travels in memory, from the request that enqueued it to
 * the executor that runs it, keyed by that request id. The id also makes every save's params unique,
 * so two saves with the same shape are never coalesced into one.
 *
 * The executor records how the save ended on the ticket, so the waiting request answers with the
 * real error (a validation failure's field list) rather than the operation's one-line summary.
 */
import { randomUUID } from 'node:crypto';
import type { ConfigChange, SaveResult } from './change.ts';

export type SaveOutcome = { ok: true; result: SaveResult } | { ok: false; error: unknown };

export interface Ticket {
  readonly id: string;
  readonly change: ConfigChange;
  /** The operation carrying it, once enqueued. */
  operationId?: string;
  /** Set by the executor when the change has been applied or refused. */
  outcome?: SaveOutcome;
  /** The request stopped waiting (202); the executor drops the ticket after running it. */
  unattended?: boolean;
}

export function createChangeInbox() {
  const tickets = new Map<string, Ticket>();
  return {
    put(change: ConfigChange): Ticket {
      const ticket: Ticket = { id: randomUUID(), change };
      tickets.set(ticket.id, ticket);
      return ticket;
    },
    get: (id: string): Ticket | undefined => tickets.get(id),
    drop(id: string): void {
      tickets.delete(id);
    },
    /**
     * Drops unattended tickets whose operation ended without running them (cancelled while
     * pending, or cleared from the history); `isOver` tells whether an operation has finished.
     */
    sweep(isOver: (operationId: string) => boolean): void {
      for (const t of tickets.values())
        if (t.unattended && t.operationId && isOver(t.operationId)) tickets.delete(t.id);
    },
    size: () => tickets.size,
  };
}

export type ChangeInbox = ReturnType<typeof createChangeInbox>;
