/**
 * The operation history with LEDMatrix's names for toggles: a `toggle` operation is listed as
 * `enable` or `disable` (what it asked for), and either name filters for it. The queue keeps one
 * kind, so filtering by one of the two reads toggles page by page until enough match.
 */
import type { HistoryFilter, Operation, Queue } from '../queue/types.ts';
import { TOGGLE_KIND } from './ops/toggle.ts';

export const TOGGLE_NAMES = ['enable', 'disable'] as const;
type ToggleName = (typeof TOGGLE_NAMES)[number];

/** `enable` / `disable` for a toggle, else the operation's kind. */
export function historyType(op: Pick<Operation, 'kind' | 'params'>): string {
  if (op.kind !== TOGGLE_KIND) return op.kind;
  return (op.params as { enabled?: unknown } | null)?.enabled === false ? 'disable' : 'enable';
}

const isToggleName = (t: string | undefined): t is ToggleName => (TOGGLE_NAMES as readonly string[]).includes(t ?? '');

/** The history as HistoryFilter asks, `kind` being a history type (`enable` finds enabling toggles). */
export function pluginHistory(queue: Pick<Queue, 'history'>, filter: HistoryFilter): Operation[] {
  if (!isToggleName(filter.kind)) return queue.history(filter);
  const limit = filter.limit ?? 50;
  const out: Operation[] = [];
  let before = filter.before;
  for (;;) {
    const page = queue.history({ ...filter, kind: TOGGLE_KIND, limit, before });
    out.push(...page.filter((op) => historyType(op) === filter.kind));
    if (out.length >= limit || page.length < limit) return out.slice(0, limit);
    before = page.at(-1)!.id;
  }
}
