import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { line, spawnNode, startFixtureServer, type FixtureServer } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

const slow = (s: FixtureServer, ms: number) => fetch(`${s.url}/test/slow?ms=${ms}`, { method: 'POST' });

/** Sends SIGTERM once the server is idle and its display child is up, so every phase runs for real. */
async function startAndTerminate(env: Record<string, string>, inflightMs: number) {
  const server = await startFixtureServer({ env });
  await server.waitForLog(line.displayStarted);
  const inflight = slow(server, inflightMs);
  await server.waitForLog(line.msg('slow route waiting'));
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  await server.waitForLog(line.msg('shutdown: draining'));
  return { server, inflight, signalledAt };
}

describe('graceful shutdown of the real web process', () => {
  it('lets an in-flight request finish 2xx, refuses new mutations with 503, keeps health up, exits 0 once it is done', async () => {
    // A grace period far longer than the request: exiting without its "grace period over" shows
    // the process left as soon as the request was done, not when the period ran out.
    const graceMs = 20_000;
    const { server, inflight } = await startAndTerminate(
      { MARQUEE_SHUTDOWN_GRACE_MS: String(graceMs), MARQUEE_SHUTDOWN_ABORT_MS: '1000' },
      1_000,
    );

    const refused = await slow(server, 0);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ status: 'error', error_code: 'SERVICE_UNAVAILABLE' });

    const health = await fetch(`${server.url}/api/v3/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('success');

    const done = await inflight;
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'success', data: { waited_ms: 1_000 } });

    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(server.logs.some(line.msg('shutdown: grace period over, aborting remaining work'))).toBe(false);
    expect(server.logs.some(line.msg('slow route aborted'))).toBe(false);
    expect(server.logs.some(line.msg('display stopping'))).toBe(true);
    expect(server.logs.at(-1)?.msg).toBe('shutdown: done');
  });

  it('exits at once with a non-zero code on a second signal', async () => {
    // The request and the grace period outlast the test: only an exit at once ends it in time.
    const { server, inflight } = await startAndTerminate({ MARQUEE_SHUTDOWN_GRACE_MS: '60000' }, 60_000);
    const answered = inflight.then(
      () => 'answered',
      () => 'cut off',
    );
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(130);
    expect(await answered).toBe('cut off');
    expect(server.logs.some(line.msg('second signal: exiting now'))).toBe(true);
    expect(server.logs.some(line.msg('shutdown: done'))).toBe(false);
  });

  it('aborts a request still running after the grace period through the lifecycle signal and still exits 0', async () => {
    const graceMs = 500;
    // Longer than the test: an exit before it is over shows the aborted request was waited for, not the period.
    const abortMs = 60_000;
    const { server, inflight, signalledAt } = await startAndTerminate(
      { MARQUEE_SHUTDOWN_GRACE_MS: String(graceMs), MARQUEE_SHUTDOWN_ABORT_MS: String(abortMs) },
      30_000,
    );

    const aborted = await inflight;
    expect(aborted.status).toBe(503);
    expect(await aborted.json()).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE' });

    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const elapsed = exit.at - signalledAt;
    expect(elapsed).toBeGreaterThanOrEqual(graceMs);
    const order = server.logs.map((l) => l.msg);
    expect(order.indexOf('slow route aborted')).toBeGreaterThan(
      order.indexOf('shutdown: grace period over, aborting remaining work'),
    );
    expect(order.at(-1)).toBe('shutdown: done');
  });

  it('server.ts shuts down in order on a signal that arrives right as it starts listening', async () => {
    const root = tempDir();
    const server = spawnNode('server.ts', {
      env: {
        PORT: '0',
        MARQUEE_DATA_DIR: path.join(root, 'data'),
        MARQUEE_CONFIG_DIR: path.join(root, 'config'),
        MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
        MARQUEE_DISPLAY_BACKEND: 'emulator',
      },
    });
    await server.waitForLog(line.msg('listening'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toMatchObject({ code: 0, signal: null });
    expect(server.logs.at(-1)?.msg).toBe('shutdown: done');
  });
});
