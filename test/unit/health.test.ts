import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHealth, createHealth } from '../../core/health/checks.ts';
import { createGuardedTask } from '../../core/platform/tasks/guarded.ts';
import { writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { testApp, testDeps, type TestDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

// The default stale limit (display.heartbeatStaleMs): the display beats every 10 s.
const STALE_MS = 30_000;

/** Everything in place: config folder, fresh heartbeats of both processes. */
function healthyDeps(): TestDeps {
  const deps = testDeps();
  fs.mkdirSync(deps.settings.configDir, { recursive: true });
  beat(deps, 'web');
  beat(deps, 'display');
  return deps;
}

const beat = (deps: TestDeps, name: 'web' | 'display') =>
  writeHeartbeat(deps.db.sqlite, deps.clock, name, deps.clock.now(), { width: 64 });

/** A real guarded task that crashes at once and then waits out a long backoff. */
function crashingTask(deps: TestDeps, maxRestarts: number) {
  const task = createGuardedTask({
    name: 'crasher',
    clock: deps.clock,
    log: deps.log,
    maxRestarts,
    backoff: { baseMs: 60_000, factor: 2, capMs: 60_000, jitter: 0 },
    run: async () => {
      throw new Error('nope');
    },
  });
  deps.tasks.add(task).start();
  return new Promise((r) => setImmediate(r));
}

describe('health checks', () => {
  it('healthy when the database, config folder, tasks and display all pass', () => {
    const report = checkHealth(healthyDeps());
    expect(report.status).toBe('healthy');
    expect(report.checks).toMatchObject({
      database: { status: 'ok', detail: 'writable and migrated', last_write_age_ms: 0 },
      config_dir: { status: 'ok', detail: 'writable' },
      tasks: { status: 'ok' },
      display: { status: 'ok', detail: 'alive', pid: process.pid, info: { width: 64 } },
    });
  });

  it('unhealthy when the last database write is older than the stale limit', () => {
    const deps = healthyDeps();
    deps.clock.advance(STALE_MS);
    expect(checkHealth(deps).checks.database).toMatchObject({ status: 'ok' });
    deps.clock.advance(1);
    beat(deps, 'display');
    const report = checkHealth(deps);
    expect(report.status).toBe('unhealthy');
    expect(report.checks.database).toMatchObject({
      status: 'failed',
      detail: 'no recent successful write to the database',
      last_write_age_ms: STALE_MS + 1,
    });
  });

  it('unhealthy when nothing was ever written, or the schema is behind this version', () => {
    const deps = testDeps();
    fs.mkdirSync(deps.settings.configDir, { recursive: true });
    expect(checkHealth(deps)).toMatchObject({ status: 'unhealthy', checks: { database: { last_write_age_ms: null } } });
    beat(deps, 'web');
    deps.db.sqlite.exec('DELETE FROM __drizzle_migrations');
    expect(checkHealth(deps).checks.database).toMatchObject({
      status: 'failed',
      detail: 'database schema is behind this version',
    });
  });

  it('degraded when the display process has not started', () => {
    const deps = healthyDeps();
    deps.db.sqlite.exec("DELETE FROM heartbeats WHERE process = 'display'");
    const report = checkHealth(deps);
    expect(report.status).toBe('degraded');
    expect(report.checks.display).toMatchObject({ status: 'failed', detail: 'has not started', pid: null });
  });

  it('degraded when the display heartbeat is stale', () => {
    const deps = healthyDeps();
    deps.clock.advance(STALE_MS + 5_000);
    beat(deps, 'web');
    const report = checkHealth(deps);
    expect(report.status).toBe('degraded');
    expect(report.checks.display).toMatchObject({ status: 'failed', detail: 'no heartbeat for 35 s' });
  });

  it('degraded, naming the reason, when the panel failed to start and the emulator stands in', () => {
    const deps = healthyDeps();
    const fallback = 'panel did not start: this machine is not a Raspberry Pi';
    writeHeartbeat(deps.db.sqlite, deps.clock, 'display', deps.clock.now(), {
      backend: 'emulator',
      requested_backend: 'rpi',
      fallback,
    });
    const report = checkHealth(deps);
    expect(report.status).toBe('degraded');
    expect(report.checks.display).toMatchObject({
      status: 'degraded',
      detail: `alive on the emulator: ${fallback}`,
      info: { backend: 'emulator', requested_backend: 'rpi', fallback },
    });
    // The same process with no fallback to report is healthy again.
    writeHeartbeat(deps.db.sqlite, deps.clock, 'display', deps.clock.now(), { backend: 'emulator', fallback: null });
    expect(checkHealth(deps)).toMatchObject({ status: 'healthy', checks: { display: { status: 'ok' } } });
  });

  // Tests run as root, which may write anywhere, so the folder is made unusable by being missing
  // or lying under a file.
  it.each([['is missing', 'ENOENT']])('degraded when the config folder %s', (_name, code) => {
    // The config store creates the folder at start; it disappears afterwards (an unmounted card).
    const deps = testDeps();
    fs.rmSync(deps.settings.configDir, { recursive: true, force: true });
    beat(deps, 'web');
    beat(deps, 'display');
    const report = checkHealth(deps);
    expect(report.status).toBe('degraded');
    expect(report.checks.config_dir).toMatchObject({ status: 'failed', detail: `not writable: ${code}` });
  });

  it('degraded while a task is restarting, failed check when a task has failed', async () => {
    const restarting = healthyDeps();
    await crashingTask(restarting, 3);
    expect(checkHealth(restarting)).toMatchObject({ status: 'degraded', checks: { tasks: { status: 'degraded' } } });

    const failed = healthyDeps();
    await crashingTask(failed, 0);
    const report = checkHealth(failed);
    expect(report.status).toBe('degraded');
    expect(report.checks.tasks).toMatchObject({ status: 'failed', detail: 'failed: crasher' });
  });
});

describe('health as served', () => {
  it('runs the checks at most once a second', () => {
    const deps = healthyDeps();
    const health = createHealth(deps, deps);
    const first = health.report();
    deps.db.sqlite.exec("DELETE FROM heartbeats WHERE process = 'display'");
    deps.clock.advance(999);
    expect(health.report()).toBe(first);
    deps.clock.advance(1);
    expect(health.report().status).toBe('degraded');
  });

  it('runs them again if the clock goes back', () => {
    const deps = healthyDeps();
    const health = createHealth(deps, deps);
    const first = health.report();
    deps.clock.advance(-5_000);
    expect(health.report()).not.toBe(first);
  });

  it('GET /api/v3/health answers the report in the success envelope', async () => {
    const { app } = await testApp(healthyDeps());
    const res = await app.request('/api/v3/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'success', data: { status: 'healthy', version: '0.1.0' } });
    expect(Object.keys(body.data.checks)).toEqual(['database', 'config_dir', 'config', 'tasks', 'display']);
  });
});
