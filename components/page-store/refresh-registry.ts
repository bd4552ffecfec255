import type { ApiClient } from '../lib/api.ts';
import { isFinished, operationOf, type OperationView } from '../lib/operation-types.ts';

const POLL_MS = 500;
const MAX_POLLS = 120;
const ACTIVE = new Set(['pending', 'running']);

interface StatusSource {
  refreshing?: boolean;
  refresh_operation?: { status?: string } | null;
}
interface StoreStatus {
  sources: StatusSource[];
  refreshes?: Array<{ operation_id: string; status: string }>;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Whether the store status still shows refresh work (by source, or by the run's own id). */
function busy(s: StoreStatus, id: string): boolean {
  if (s.sources.some((x) => x.refreshing || ACTIVE.has(x.refresh_operation?.status ?? ''))) return true;
  return (s.refreshes ?? []).some((r) => r.operation_id === id && ACTIVE.has(r.status));
}

/**
 * Asks for a refresh of every registry source and resolves once it is over: at once when the
 * server answers with the finished operation, else when the store status shows no refresh work
 * left (bounded; the status is the one place every refresh shows, whoever runs it).
 */
export async function refreshRegistry(api: ApiClient, signal: AbortSignal): Promise<OperationView> {
  const res = await api.post<unknown>('/api/v3/plugins/store/refresh', {}, { signal, timeoutMs: 30_000 });
  const op = operationOf(res.data, 'store-refresh:all', 'store-refresh');
  if (isFinished(op)) return op;
  for (let i = 0; i < MAX_POLLS && !signal.aborted; i++) {
    await pause(POLL_MS, signal);
    const status = await api.get<StoreStatus>('/api/v3/plugins/store/status', { signal });
    if (!busy(status.data, op.operation_id)) break;
  }
  return op;
}
