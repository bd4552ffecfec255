import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNotices } from '../../core/display/notices.ts';
import { readRunnablePlugins } from '../../core/display/installed.ts';
import { writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { putPluginState } from '../../core/plugins/state/rows.ts';
import { UNRECORDED_CRASH } from '../../core/safe-mode/runs.ts';
import { endAfterCleanHour, EARLY_CRASH_MS, recordStart } from '../../core/safe-mode/start.ts';
import { readSafeMode } from '../../core/safe-mode/state.ts';
import { testApp, testDeps, jsonInit, type TestDeps } from '../support/deps.ts';

const startOf = (deps: TestDeps, process: 'web' | 'display' = 'web') =>
  recordStart({ sqlite: deps.db.sqlite, now: deps.clock.now, log: deps.log }, process);

/** A start that crashes `afterMs` later, its last heartbeat at that time. */
function crashingStart(deps: TestDeps, afterMs = 10_000, process: 'web' | 'display' = 'web') {
  const run = startOf(deps, process);
  const started = deps.clock.now();
  deps.clock.advance(afterMs);
  writeHeartbeat(deps.db.sqlite, deps.clock, process, started);
  deps.clock.advance(3_000);
  return run;
}

function plugins(deps: TestDeps) {
  for (const [id, source] of [
    ['clock', 'builtin'],
    ['weather', 'registry'],
  ] as const)
    putPluginState(deps, {
      id,
      name: id,
      source,
      path: path.join(deps.settings.pluginsDir, id),
      present: true,
      status: 'enabled',
      enabled: true,
    });
}

describe('counting crashes across starts', () => {
  it('a start after one that never stopped in order finds it crashed; a clean stop is no crash', () => {
    const deps = testDeps();
    startOf(deps).stopped();
    expect(startOf(deps).crashed).toEqual([]);
    const again = startOf(deps);
    expect(again.crashed).toHaveLength(1);
    expect(again.crashed[0]!.reason).toBe(UNRECORDED_CRASH);
  });

  it("keeps the error a process died of as the crash's reason", () => {
    const deps = testDeps();
    startOf(deps).dying(new Error('boom: token=abc123secret'));
    const rows = deps.db.sqlite.prepare('SELECT outcome, reason FROM process_runs').all();
    expect(rows).toEqual([{ outcome: 'crash', reason: 'Error: boom: token=<redacted>' }]);
  });

  it('three early crashes in a row pause third-party plugins and put the notice up', () => {
    const deps = testDeps();
    plugins(deps);
    crashingStart(deps);
    crashingStart(deps);
    crashingStart(deps).dying(new Error('plugin host exploded'));
    expect(readSafeMode(deps.db.sqlite).active).toBe(false);
    startOf(deps);
    expect(readSafeMode(deps.db.sqlite)).toMatchObject({
      active: true,
      process: 'web',
      reason: 'Error: plugin host exploded',
    });
    expect(readNotices(deps.db.sqlite, deps.clock.now()).map((n) => n.text)).toEqual(['SAFE MODE']);
    expect(readRunnablePlugins(deps.db.sqlite).map((p) => p.id)).toEqual(['clock']);
  });

  it('crashes later than five minutes after their start do not count', () => {
    const deps = testDeps();
    crashingStart(deps);
    crashingStart(deps, EARLY_CRASH_MS + 1_000);
    crashingStart(deps);
    startOf(deps);
    expect(readSafeMode(deps.db.sqlite).active).toBe(false);
  });

  it("one process's crashes do not add to the other's", () => {
    const deps = testDeps();
    crashingStart(deps, 1_000, 'web');
    crashingStart(deps, 1_000, 'display');
    crashingStart(deps, 1_000, 'web');
    startOf(deps, 'web');
    startOf(deps, 'display');
    expect(readSafeMode(deps.db.sqlite).active).toBe(false);
  });
});

describe('leaving safe mode', () => {
  function inSafeMode() {
    const deps = testDeps();
    plugins(deps);
    for (let i = 0; i < 3; i++) crashingStart(deps);
    const run = startOf(deps);
    expect(readSafeMode(deps.db.sqlite).active).toBe(true);
    return { deps, run };
  }

  it('the user leaves it: every enabled plugin runs again, the notice goes, one more crash does not bring it back', async () => {
    const { deps } = inSafeMode();
    const { app } = await testApp(deps);
    const shown = (await (await app.request('/api/v3/system/safe-mode')).json()).data;
    expect(shown).toMatchObject({
      active: true,
      process: 'web',
      paused_plugins: ['weather'],
      ends_at: expect.any(String),
    });
    const res = await app.request('/api/v3/system/safe-mode/exit', jsonInit('POST'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toContain('Safe mode ended');
    expect(body.data).toMatchObject({ active: false, left_by: 'user', paused_plugins: [] });
    expect(readNotices(deps.db.sqlite, deps.clock.now())).toEqual([]);
    expect(readRunnablePlugins(deps.db.sqlite).map((p) => p.id)).toEqual(['clock', 'weather']);
    const again = await (await app.request('/api/v3/system/safe-mode/exit', jsonInit('POST'))).json();
    expect(again.message).toBe('Safe mode was not active');
    deps.clock.advance(1_000);
    crashingStart(deps);
    startOf(deps);
    expect(readSafeMode(deps.db.sqlite).active).toBe(false);
  });

  it('ends by itself after an hour without a crash; a crash meanwhile starts the hour again', () => {
    const { deps } = inSafeMode();
    const check = () => endAfterCleanHour({ sqlite: deps.db.sqlite, now: deps.clock.now, log: deps.log });
    deps.clock.advance(50 * 60_000);
    crashingStart(deps, 1_000);
    startOf(deps);
    deps.clock.advance(30 * 60_000);
    expect(check()).toBe(false);
    deps.clock.advance(31 * 60_000);
    expect(check()).toBe(true);
    expect(readSafeMode(deps.db.sqlite)).toMatchObject({ active: false, leftBy: 'clean-hour' });
  });
});
