/**
 * The deadlines of a host's requests in flight. A host answers one plugin's requests of a kind in
 * turn: one asked for behind others gets their time too, so only a call that itself overruns kills
 * the host. A render given a ceiling lives on while it pushes frames: each frame starts its
 * deadline again (and those of the calls waiting behind it), until the ceiling.
 */
import type { Outcome } from './messages.ts';
import type { Message } from './protocol.ts';

export interface Pending {
  pluginId: string;
  kind: string;
  startedAt: number;
  deadlineMs: number;
  /** A call that pushes frames lives on past its deadline, up to this long after it started. */
  ceilingMs?: number;
  timer: NodeJS.Timeout;
  resolve(o: Outcome): void;
  onFrame?: (pixels: Buffer, header: Message) => void;
}

export interface RequestOptions {
  deadlineMs: number;
  onFrame?: (px: Buffer, header: Message) => void;
  /**
   * For a render: each frame it pushes counts as life, so its deadline is measured again from that
   * frame (a plugin scrolling inside one `display()` call), but never past this long after the call
   * began. Without it, the deadline runs from the request.
   */
  ceilingMs?: number;
}

export function createDeadlines(pending: ReadonlyMap<number, Pending>, hang: (reason: string, named: string) => void) {
  /** Requests of the plugin and kind that `p` is, in the order they were sent (the host answers them so). */
  const lineOf = (p: Pending) => [...pending.values()].filter((q) => q.pluginId === p.pluginId && q.kind === p.kind);
  const missed = (p: Pending) => () => hang(`${p.kind} missed its deadline of ${p.deadlineMs} ms`, p.pluginId);

  return {
    /** Arms the deadline of `p`, about to join the requests in flight. */
    arm(p: Pending) {
      p.timer = setTimeout(missed(p), p.deadlineMs * (1 + lineOf(p).length));
    },
    /** A frame from `p`: its deadline and those behind it start again; past its ceiling, the host is killed. */
    alive(p: Pending) {
      const left = p.startedAt + p.ceilingMs! - performance.now();
      const over = () => hang(`${p.kind} pushed frames for longer than its ceiling of ${p.ceilingMs} ms`, p.pluginId);
      if (left <= 0) return over();
      lineOf(p).forEach((q, i) => {
        clearTimeout(q.timer);
        if (q !== p) q.timer = setTimeout(missed(q), q.deadlineMs * (1 + i));
        else q.timer = left < q.deadlineMs ? setTimeout(over, left) : setTimeout(missed(q), q.deadlineMs);
      });
    },
  };
}
