import type { ReactiveController } from 'lit';
import { isAbort } from './api.ts';
import { EVENT_TYPES, OPERATION_EVENTS } from '../../shared/events.ts';
import type { ServerEvent, StreamState, Unsubscribe } from './events.ts';
import { isFinished, isOperationView, newer, type OperationView } from './operation-types.ts';
import type { ServicedElement } from './serviced-element.ts';

/** While the stream is down, unfinished operations are asked for this often instead. */
const POLL_MS = 2_000;
/** Operations kept; finished ones beyond this are forgotten oldest first. */
const KEEP = 100;

export interface OperationWatchOptions {
  /** Operation kinds the view shows; others are ignored. */
  kinds: readonly string[];
  /** Called once per operation when it is seen finished (an event, a fetch or an answer). */
  onFinished?(op: OperationView): void;
}

/**
 * The operations a view follows, kept current from the event stream: each change replaces the
 * operation's view. What the stream cannot tell is asked for: whenever it (re)opens or the server
 * says it lost the missed events (`resync`), the running and pending operations and every
 * unfinished one known here are fetched again; while it is down they are polled. So a view that
 * lived through a server restart still shows how each operation ended. Everything stops on
 * disconnect.
 */
export class OperationWatch implements ReactiveController {
  private readonly ops = new Map<string, OperationView>();
  private readonly announced = new Set<string>();
  private stops: Unsubscribe[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private stream: StreamState | null = null;

  constructor(
    private readonly host: ServicedElement,
    private readonly opts: OperationWatchOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const { events } = this.host.services;
    this.stream = null;
    this.stops = [
      ...OPERATION_EVENTS.map((t) => events.subscribe(t, this.onEvent)),
      events.subscribe(EVENT_TYPES.resync, () => void this.sync()),
      events.watch((s) => {
        const was = this.stream;
        this.stream = s.state;
        if (s.state === 'open' && was !== 'open') void this.sync();
        else this.schedulePoll();
      }),
    ];
  }

  hostDisconnected(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.controller?.abort();
    this.controller = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Follows an operation this view started (from the endpoint's answer). */
  track(op: OperationView): void {
    this.put(op);
    this.schedulePoll();
  }

  get(id: string): OperationView | undefined {
    return this.ops.get(id);
  }

  /** The newest operation known for a plugin (of `kinds` when given). */
  latestFor(pluginId: string, kinds?: readonly string[]): OperationView | undefined {
    let found: OperationView | undefined;
    for (const op of this.ops.values())
      if (op.plugin_id === pluginId && (!kinds || kinds.includes(op.operation_type))) found = op;
    return found;
  }

  forget(id: string): void {
    if (this.ops.delete(id)) this.host.requestUpdate();
  }

  private readonly onEvent = (e: ServerEvent) => {
    if (isOperationView(e.data)) this.put(e.data);
  };

  private put(op: OperationView): void {
    if (!this.opts.kinds.includes(op.operation_type)) return;
    const known = this.ops.get(op.operation_id);
    const next = newer(known, op);
    // Re-inserted so the map's order stays "least recently changed first".
    this.ops.delete(op.operation_id);
    this.ops.set(op.operation_id, next);
    this.prune();
    this.host.requestUpdate();
    if (isFinished(next) && !this.announced.has(next.operation_id)) {
      this.announced.add(next.operation_id);
      this.opts.onFinished?.(next);
    }
  }

  private prune(): void {
    for (const [id, op] of this.ops) {
      if (this.ops.size <= KEEP) return;
      if (isFinished(op)) this.ops.delete(id);
    }
  }

  /** Running and pending operations, and every unfinished one known here, fetched again. */
  private async sync(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { api } = this.host.services;
    const signal = controller.signal;
    const unfinished = [...this.ops.values()].filter((op) => !isFinished(op)).map((op) => op.operation_id);
    const active = (status: string) =>
      api.get<unknown[]>('/api/v3/plugins/operation/history', { signal, query: { status, limit: 100 } });
    const one = (id: string) => api.get<unknown>(`/api/v3/plugins/operation/${encodeURIComponent(id)}`, { signal });
    const answers = await Promise.allSettled([active('running'), active('pending'), ...unfinished.map(one)]);
    if (signal.aborted) return;
    this.controller = null;
    for (const a of answers) {
      if (a.status === 'rejected') {
        if (!isAbort(a.reason)) continue;
        return;
      }
      const data = a.value.data;
      for (const op of Array.isArray(data) ? data : [data]) if (isOperationView(op)) this.put(op);
    }
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.timer || !this.stops.length) return;
    if (this.stream === 'open') return;
    if (![...this.ops.values()].some((op) => !isFinished(op))) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, POLL_MS);
  }
}
