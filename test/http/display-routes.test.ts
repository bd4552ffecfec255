import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnDemand } from '../../core/display/requests.ts';
import { readHealthRow, writeHealth } from '../../core/display/health-store.ts';
import { closedBreaker, recordFailure } from '../../core/display/breaker.ts';
import { writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { writePlugin } from '../support/display.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { recordUninstalled } from '../../core/plugins/state/rows.ts';

/** Plugin folders as discovery records them at start: one runnable, one broken, one uninstalled. */
async function setup() {
  const deps = testDeps();
  writePlugin(deps.settings.pluginsDir, 'clock', { display_modes: ['clock', 'clock_big'] });
  writePlugin(deps.settings.pluginsDir, 'legacy', { entry_point: 'manager.py' });
  writePlugin(deps.settings.pluginsDir, 'gone');
  await discoverPlugins(deps);
  recordUninstalled(deps, 'gone', { present: true });
  const { app } = await testApp(deps);
  return { app, deps };
}

describe('POST /api/v3/display/on-demand/start', () => {
  it('records the request; status reports it until it expires', async () => {
    const { app, deps } = await setup();
    const res = await app.request(
      '/api/v3/display/on-demand/start',
      jsonInit('POST', { plugin_id: 'clock', mode: 'clock_big', duration: 30, pinned: true }),
    );
    expect(res.status).toBe(200);
    const started = (await res.json()).data;
    expect(started).toMatchObject({
      request_id: expect.any(String),
      plugin_id: 'clock',
      mode: 'clock_big',
      duration: 30,
      pinned: true,
      state: { active: true, status: 'active', last_event: 'started', remaining: 30 },
      service: { active: false },
    });
    expect(readOnDemand(deps.db.sqlite)).toMatchObject({ pluginId: 'clock', mode: 'clock_big', durationS: 30 });
    deps.clock.advance(30_000);
    const status = await (await app.request('/api/v3/display/on-demand/status')).json();
    expect(status.data).toEqual({
      state: expect.objectContaining({
        active: false,
        status: 'expired',
        last_event: 'expired',
        request_id: started.request_id,
        remaining: null,
      }),
      service: { active: false },
    });
  });

  it('without duration lasts until stopped; stop ends it', async () => {
    const { app, deps } = await setup();
    await app.request('/api/v3/display/on-demand/start', jsonInit('POST', { plugin_id: 'clock' }));
    deps.clock.advance(86_400_000);
    expect((await (await app.request('/api/v3/display/on-demand/status')).json()).data.state.active).toBe(true);
    const stop = await app.request('/api/v3/display/on-demand/stop', { method: 'POST' });
    const body = await stop.json();
    expect(body).toMatchObject({
      message: 'Stopped showing clock',
      data: { state: { active: false, status: 'stopped', last_event: 'requested-stop' } },
    });
    expect(body.data.request_id).toBe(body.data.state.request_id);
    expect(readOnDemand(deps.db.sqlite)).toMatchObject({ expiresAt: deps.clock.now() });
    const again = await (await app.request('/api/v3/display/on-demand/stop', { method: 'POST' })).json();
    expect(again).toMatchObject({ message: 'No on-demand session was active', data: { request_id: null } });
  });

  it('status before any request: idle; service active while a display heartbeat is fresh', async () => {
    const { app, deps } = await setup();
    const idle = (await (await app.request('/api/v3/display/on-demand/status')).json()).data;
    expect(idle).toEqual({
      state: expect.objectContaining({ active: false, status: 'idle', last_event: null, request_id: null }),
      service: { active: false },
    });
    writeHeartbeat(deps.db.sqlite, deps.clock, 'display', deps.clock.now(), {});
    expect((await (await app.request('/api/v3/display/on-demand/status')).json()).data.service).toEqual({
      active: true,
    });
  });

  it.each([
    [{ plugin_id: 'nope' }, 404, 'PLUGIN_NOT_FOUND'],
    [{ plugin_id: 'gone' }, 404, 'PLUGIN_NOT_FOUND'],
    [{ plugin_id: 'clock', mode: 'weather' }, 404, 'NOT_FOUND'],
    [{ plugin_id: 'legacy' }, 409, 'PLUGIN_NOT_RUNNABLE'],
  ])('%j → %i %s, nothing recorded', async (body, status, code) => {
    const { app, deps } = await setup();
    const res = await app.request('/api/v3/display/on-demand/start', jsonInit('POST', body));
    expect(res.status).toBe(status);
    expect((await res.json()).error_code).toBe(code);
    expect(readOnDemand(deps.db.sqlite)).toBeNull();
  });

  it('a plugin whose folder was removed by hand since the last scan is not installed (404)', async () => {
    const { app, deps } = await setup();
    fs.rmSync(path.join(deps.settings.pluginsDir, 'clock'), { recursive: true });
    const res = await app.request('/api/v3/display/on-demand/start', jsonInit('POST', { plugin_id: 'clock' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error_code: 'PLUGIN_NOT_FOUND',
      message: 'Plugin clock is not installed',
    });
    expect(readOnDemand(deps.db.sqlite)).toBeNull();
  });

  it.each([
    [{ plugin_id: '../x' }, 'plugin_id'],
    [{}, 'plugin_id'],
    [{ plugin_id: 'clock', duration: -5 }, 'duration'],
    [{ plugin_id: 'clock', duration: 'long' }, 'duration'],
    [{ plugin_id: 'clock', pinned: 'yes' }, 'pinned'],
    [{ plugin_id: 'clock', mode: '' }, 'mode'],
  ])('invalid %j → 400 naming %s; the session in force is kept', async (body, field) => {
    const { app, deps } = await setup();
    await app.request('/api/v3/display/on-demand/start', jsonInit('POST', { plugin_id: 'clock' }));
    const before = readOnDemand(deps.db.sqlite);
    const res = await app.request('/api/v3/display/on-demand/start', jsonInit('POST', body));
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err.error_code).toBe('VALIDATION_ERROR');
    expect(err.context.problems[0]).toMatchObject({ in: 'body', field });
    expect(readOnDemand(deps.db.sqlite)).toEqual(before);
  });
});

describe('plugin health and metrics', () => {
  it('lists the plugins plugin_state knows (closed by default) and recorded ones, not uninstalled ones', async () => {
    const { app, deps } = await setup();
    let b = closedBreaker();
    for (let i = 0; i < 3; i++) b = recordFailure(b, 'render', 'boom', deps.clock.now());
    writeHealth(
      deps.db.sqlite,
      'clock',
      b,
      { update: { count: 2, avg_ms: 5, p95_ms: 6, max_ms: 6 }, render: { count: 9, avg_ms: 1, p95_ms: 2, max_ms: 3 } },
      deps.clock.now(),
    );
    const all = (await (await app.request('/api/v3/plugins/health')).json()).data;
    expect(Object.keys(all)).toEqual(['clock', 'legacy']);
    expect(all.clock).toMatchObject({
      circuit_state: 'open',
      healthy: false,
      consecutive_failures: 3,
      total_failures: 3,
      last_error: 'render: boom',
    });
    expect(all.legacy).toMatchObject({ circuit_state: 'closed', healthy: true });
    const one = await (await app.request('/api/v3/plugins/health/clock')).json();
    expect(one.data.circuit_state).toBe('open');
    const metrics = await (await app.request('/api/v3/plugins/metrics/clock')).json();
    expect(metrics.data).toMatchObject({ update: { count: 2 }, render: { count: 9, max_ms: 3 } });
    expect(Object.keys((await (await app.request('/api/v3/plugins/metrics')).json()).data)).toEqual([
      'clock',
      'legacy',
    ]);
  });

  it('reset closes the breaker in the database and queues a command for the running display', async () => {
    const { app, deps } = await setup();
    let b = closedBreaker();
    for (let i = 0; i < 3; i++) b = recordFailure(b, 'update', 'x', deps.clock.now());
    writeHealth(deps.db.sqlite, 'clock', b, null, deps.clock.now());
    const res = await app.request('/api/v3/plugins/health/clock/reset', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({
      circuit_state: 'closed',
      consecutive_failures: 0,
      total_failures: 3,
    });
    expect(readHealthRow(deps.db.sqlite, 'clock')!.circuitState).toBe('closed');
    expect(deps.db.sqlite.prepare('SELECT kind, plugin_id AS id FROM display_commands').all()).toEqual([
      { kind: 'health_reset', id: 'clock' },
    ]);
  });

  it.each([
    ['/api/v3/plugins/health/nope', 'GET', 404, 'PLUGIN_NOT_FOUND'],
    ['/api/v3/plugins/metrics/nope', 'GET', 404, 'PLUGIN_NOT_FOUND'],
    ['/api/v3/plugins/health/nope/reset', 'POST', 404, 'PLUGIN_NOT_FOUND'],
    ['/api/v3/plugins/health/gone', 'GET', 404, 'PLUGIN_NOT_FOUND'],
    ['/api/v3/plugins/health/Bad%20Id', 'GET', 400, 'VALIDATION_ERROR'],
    ['/api/v3/plugins/health/Bad%20Id/reset', 'POST', 400, 'VALIDATION_ERROR'],
  ])('%s %s → %i %s', async (url, method, status, code) => {
    const { app, deps } = await setup();
    const res = await app.request(url, { method });
    expect(res.status).toBe(status);
    expect((await res.json()).error_code).toBe(code);
    expect(deps.db.sqlite.prepare('SELECT count(*) AS n FROM display_commands').get()).toEqual({ n: 0 });
  });
});

describe('what is on screen', () => {
  it('without a display: unknown, and the current frame is 503', async () => {
    const { app } = await setup();
    expect((await (await app.request('/api/v3/display/current-status')).json()).data).toMatchObject({
      state: 'unknown',
      plugin_id: null,
      is_display_active: false,
    });
    const res = await app.request('/api/v3/display/current');
    expect(res.status).toBe(503);
    expect((await res.json()).error_code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a display started alone is read from its heartbeat', async () => {
    const { app, deps } = await setup();
    const now = deps.clock.now();
    writeHeartbeat(deps.db.sqlite, deps.clock, 'display', now, {
      screen: {
        state: 'showing',
        plugin_id: 'clock',
        mode: 'clock',
        source: 'rotation',
        since: now,
        until: now + 15_000,
        next: { plugin_id: 'clock', mode: 'clock_big' },
      },
    });
    const data = (await (await app.request('/api/v3/display/current-status')).json()).data;
    expect(data).toMatchObject({
      state: 'showing',
      plugin_id: 'clock',
      source: 'rotation',
      is_display_active: true,
      on_demand_active: false,
      next: { mode: 'clock_big' },
    });
    expect(data.until).toBe(new Date(now + 15_000).toISOString());
  });
});
