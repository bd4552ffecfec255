import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { childProcessLoop } from '../../core/app/child-process.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';

const CHILD = path.join(import.meta.dirname, '../fixtures/idle-child.mjs');
const stops: AbortController[] = [];
afterEach(() => stops.splice(0).forEach((ac) => ac.abort()));

/** A supervised child; `started()` resolves with each new child once it said it is up. */
function supervise(minUptimeMs: number) {
  const log = memoryLogger(manualClock(0));
  const children: ChildProcess[] = [];
  const waiting: Array<(c: ChildProcess) => void> = [];
  const handle = childProcessLoop({
    name: 'idle',
    module: CHILD,
    log,
    killAfterMs: 2_000,
    minUptimeMs,
    onStart: (c) => c.once('message', () => (children.push(c), waiting.shift()?.(c))),
  });
  const ac = new AbortController();
  stops.push(ac);
  const running = handle.run(ac.signal);
  const started = () => new Promise<ChildProcess>((resolve) => waiting.push(resolve));
  return { handle, log, running, started, children, ac };
}

describe('supervised child restarts', () => {
  it('a requested restart replaces the child inside the same run: no failure, no backoff', async () => {
    const s = supervise(0);
    const first = await s.started();
    const next = s.started();
    expect(s.handle.restart('panel settings changed')).toBe(true);
    expect(s.handle.restart('again')).toBe(false);
    const second = await next;
    expect(second.pid).not.toBe(first.pid);
    expect(first.exitCode ?? first.signalCode).not.toBeNull();
    expect(s.handle.status()).toMatchObject({ starts: 2, requestedRestarts: 1, running: true, pid: second.pid });
    expect(s.log.lines.some((l) => l.msg === 'child restarted on request')).toBe(true);
    s.ac.abort();
    await expect(s.running).resolves.toBeUndefined();
  });

  it('a restart asked for right after a start waits for the minimum uptime', async () => {
    const s = supervise(1_500);
    await s.started();
    const t0 = performance.now();
    const next = s.started();
    s.handle.restart('soon');
    const waits = Number(s.log.lines.find((l) => l.msg === 'child restart requested')?.in_ms);
    expect(waits).toBeGreaterThan(500);
    await next;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(waits - 20);
  });

  it('a child that dies by itself is a failure for the guarded task, even with a restart pending', async () => {
    const s = supervise(10_000);
    const first = await s.started();
    s.handle.restart('later');
    first.send('crash');
    await expect(s.running).rejects.toThrow(/idle process exited \(code 3/);
    expect(s.handle.status().requestedRestarts).toBe(0);
  });
});
