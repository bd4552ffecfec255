import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { TestDeps } from '../support/deps.ts';
import { testDeps } from '../support/deps.ts';
import { recordingExecutor } from '../support/queue.ts';

/** Marks an operation as claimed by another runner, as a crashed process leaves it. */
function claimedBy(deps: TestDeps, id: string, owner: string, leaseExpiresAt: number, attempts = 1) {
  deps.db.sqlite
    .prepare(
      `UPDATE operations SET status = 'running', attempts = ?, lease_owner = ?, lease_expires_at = ?, started_at = ? WHERE id = ?`,
    )
    .run(attempts, owner, leaseExpiresAt, deps.clock.now(), id);
}

function setup() {
  const deps = testDeps();
  const recovered: string[] = [];
  const ex = recordingExecutor('install', async () => ({ ok: true }), {
    recover: ({ op }) => {
      recovered.push(`${op.id}@${op.attempts}`);
    },
  });
  deps.queue.register(ex);
  return { deps, recovered, ex };
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('crash recovery by lease', () => {
  it('returns an expired row to pending after its recover hook ran, then runs it again', async () => {
    const { deps, recovered, ex } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, 'other-host/4242/deadbeef', deps.clock.now() - 1);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(recovered).toEqual([`${op.id}@1`]);
    expect(deps.queue.get(op.id)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(ex.calls.map((c) => c.attempt)).toEqual([2]);
    expect(deps.queue.events(op.id).map((e) => e.type)).toEqual(['recovered', 'started', 'finished']);
  });

  it('fails the row with OPERATION_INTERRUPTED when its attempts are used up', async () => {
    const { deps, recovered, ex } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a', maxAttempts: 2 });
    claimedBy(deps, op.id, 'other-host/4242/deadbeef', deps.clock.now() - 1, 2);
    await deps.queue.runOnce();
    expect(recovered).toHaveLength(1);
    expect(ex.calls).toHaveLength(0);
    expect(deps.queue.get(op.id)).toMatchObject({
      status: 'failed',
      errorCode: 'OPERATION_INTERRUPTED',
      message: 'Interrupted on its last attempt (2 of 2)',
    });
  });

  it('ends cancelled when a cancel was asked before the process died', async () => {
    const { deps, ex } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, 'other-host/4242/deadbeef', deps.clock.now() + 60_000);
    expect(deps.queue.cancel(op.id).status).toBe('running');
    deps.clock.advance(60_001);
    await deps.queue.runOnce();
    expect(deps.queue.get(op.id)!.status).toBe('cancelled');
    expect(ex.calls).toHaveLength(0);
  });

  it('leaves a live lease of another host alone until it expires', async () => {
    const { deps, recovered } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, 'other-host/4242/deadbeef', deps.clock.now() + 30_000);
    expect(await deps.queue.runOnce()).toBe(0);
    expect(deps.queue.get(op.id)!.status).toBe('running');
    deps.clock.advance(30_001);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(recovered).toHaveLength(1);
    expect(deps.queue.get(op.id)!.status).toBe('completed');
  });

  it('does not wait for the lease when the owner ran on this host and its process is gone', async () => {
    const { deps } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, `${os.hostname()}/${await deadPid()}/0badf00d`, deps.clock.now() + 30_000);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(op.id)!.status).toBe('completed');
  });

  it('treats a live process on this host as the owner still working', async () => {
    const { deps } = setup();
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, `${os.hostname()}/${process.ppid}/0badf00d`, deps.clock.now() + 30_000);
    expect(await deps.queue.runOnce()).toBe(0);
    expect(deps.queue.get(op.id)!.status).toBe('running');
  });

  it('fails an interrupted row superseded by a pending follow-up, which then runs', async () => {
    const { deps } = setup();
    const { operation: first } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, first.id, 'other-host/4242/deadbeef', deps.clock.now() - 1);
    const { operation: follow } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    await deps.queue.runOnce();
    expect(deps.queue.get(first.id)).toMatchObject({ status: 'failed', errorCode: 'OPERATION_INTERRUPTED' });
    expect(deps.queue.get(follow.id)!.status).toBe('completed');
  });

  it('a failing recover hook is logged and does not block recovery', async () => {
    const deps = testDeps();
    deps.queue.register(
      recordingExecutor('install', async () => ({}), {
        recover: () => {
          throw new Error('staging folder is busy');
        },
      }),
    );
    const { operation: op } = deps.queue.enqueue({ kind: 'install', key: 'a' });
    claimedBy(deps, op.id, 'other-host/4242/deadbeef', deps.clock.now() - 1);
    await deps.queue.runOnce();
    expect(deps.queue.get(op.id)!.status).toBe('completed');
    expect(deps.log.lines.find((l) => l.msg === 'operation recover hook failed')).toMatchObject({
      error: 'staging folder is busy',
    });
  });
});
