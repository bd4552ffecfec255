import type { Context } from 'hono';
import { ok } from '../envelope.ts';
import type { AppEnv } from '../types.ts';
import { maskSecrets } from '../../config/secrets/mask.ts';
import type { Operation, WaitResult } from '../../queue/types.ts';
import { operationView, type OperationView } from '../../queue/view.ts';

export const operationPath = (id: string) => `/api/v3/plugins/operation/${id}`;

/** An operation as any answer or event shows it: its result masked like settings are. */
export const publicOperation = (op: Operation): OperationView => maskSecrets(operationView(op)) as OperationView;

/**
 * The answer of an endpoint that enqueued (or cancelled) and waited: 200 with the final
 * operation when it finished within the wait, else 202 `{operation_id, status}` with `Location`
 * pointing at the operation, which the client polls or follows on the event stream.
 */
export function operationResponse(c: Context<AppEnv>, r: WaitResult, message?: string): Response {
  const op = r.operation;
  if (r.finished) return ok(c, publicOperation(op), { message: message ?? op.message ?? undefined });
  return ok(
    c,
    { operation_id: op.id, status: op.status },
    { status: 202, message, headers: { Location: operationPath(op.id) } },
  );
}
