import { describe, expect, it } from 'vitest';
import { actionResult, createDisplayIpc } from '../../core/display/ipc.ts';
import { createHostPlatform, type HostPlatform } from '../../core/hosts/platform.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { memoryForkChannel } from '../support/fork-channel.ts';
import { installLedMatrixPlugins } from '../support/ledmatrix.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

let platform: Promise<HostPlatform> | null = null;
const hosts = () => (platform ??= createHostPlatform({ hostUser: { uid: 65_534, gid: 65_534 } }));

/**
 * The web app and a display runtime joined by the fork channel's messages (in memory), the
 * `actions` fixture installed and running in its Python host.
 */
async function setup(config: Record<string, unknown> = { actions: { enabled: true } }, enabled = true) {
  const h = await startRuntime({
    width: 64,
    height: 32,
    hosts: await hosts(),
    config,
    settings: {
      'plugins.renderDeadlineMs': 2_000,
      'plugins.loadDeadlineMs': 15_000,
      'plugins.updateDeadlineMs': 1_500,
    },
  });
  installLedMatrixPlugins(h, ['actions'], { enabled });
  const ch = memoryForkChannel();
  createDisplayIpc(ch.child, {
    width: 64,
    height: 32,
    maxFps: 10,
    current: () => ({ rgb: h.frame(), brightness: 100 }),
    onAction: (id, action, params) => h.runtime.action(id, action, params).then(actionResult),
  });
  const { app, deps } = await testApp(
    testDeps({ dataDir: h.settings.dataDir, pluginsDir: h.settings.pluginsDir, 'plugins.updateDeadlineMs': 1_500 }),
  );
  deps.display.attach(ch.proc);
  const post = async (body: unknown) => {
    const res = await app.request('/api/v3/plugins/action', jsonInit('POST', body));
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { h, post };
}

const ready = (h: RuntimeHarness) => () => h.runtime.runners.get('actions')?.phase() === 'ready';

describe('POST /api/v3/plugins/action: web_ui_actions run inside the plugin host', () => {
  it("calls the declared method in the plugin's host; what it changed shows on the panel", async () => {
    const { h, post } = await setup();
    await h.until(ready(h), 20_000, 'actions ready');
    await h.until(() => h.pixel()[2] === 255, 10_000, 'blue square');
    const r = await post({ plugin_id: 'actions', action_id: 'set-color', params: { rgb: [255, 0, 0] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'success',
      message: 'Color set',
      data: { plugin_id: 'actions', action_id: 'set-color', result: { color: [255, 0, 0] } },
    });
    // The next frame the plugin draws has the new color: the call ran in the same instance.
    const t = setInterval(() => h.clock.advance(1_000), 50);
    await h.until(() => h.pixel()[0] === 255, 10_000, 'red square').finally(() => clearInterval(t));
  });

  it('answers clearly for bad input, unknown plugins and actions, a method missing or raising; nothing breaks', async () => {
    const { h, post } = await setup();
    await h.until(ready(h), 20_000, 'actions ready');
    const cases: Array<[unknown, number, string, RegExp]> = [
      [{ action_id: 'boom' }, 400, 'VALIDATION_ERROR', /plugin_id/],
      [{ plugin_id: '../etc', action_id: 'boom' }, 400, 'VALIDATION_ERROR', /plugin_id/],
      [{ plugin_id: 'actions', action_id: '' }, 400, 'VALIDATION_ERROR', /action_id/],
      [
        { plugin_id: 'actions', action_id: 'boom', params: [1, 2] },
        400,
        'VALIDATION_ERROR',
        /params: expected an object.*received \[1,2\]/,
      ],
      [{ plugin_id: 'nope', action_id: 'boom' }, 404, 'PLUGIN_NOT_FOUND', /nope is not installed/],
      [{ plugin_id: 'actions', action_id: 'rm-rf' }, 404, 'PLUGIN_ACTION_NOT_FOUND', /declares no action \W+rm-rf/],
      [{ plugin_id: 'actions', action_id: 'no-method' }, 404, 'PLUGIN_ACTION_NOT_FOUND', /no method 'no_method'/],
      [
        { plugin_id: 'actions', action_id: 'boom', params: { what: 'x' } },
        500,
        'PLUGIN_ACTION_FAILED',
        /ValueError: cannot do x/,
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await post(body);
      expect({ status: r.status, code: r.body.error_code }).toEqual({ status, code });
      expect(JSON.stringify(r.body)).toMatch(message);
    }
    // None of it counted against the plugin or touched its host.
    expect(h.runtime.runners.get('actions')!.breaker().consecutiveFailures).toBe(0);
    expect(h.runtime.report().hosts.find((x) => x.key === 'plugin:actions')?.starts).toBe(1);
    const ok = await post({ plugin_id: 'actions', action_id: 'set-color', params: { rgb: [0, 255, 0] } });
    expect(ok.status).toBe(200);
  });

  it('an action that never returns: 504 at the deadline, its host killed and blamed, then loaded again', async () => {
    const { h, post } = await setup();
    await h.until(ready(h), 20_000, 'actions ready');
    const r = await post({ plugin_id: 'actions', action_id: 'stall' });
    expect(r.status).toBe(504);
    expect(r.body.error_code).toBe('TIMEOUT');
    expect(JSON.stringify(r.body)).toMatch(/action missed its deadline of 1500 ms/);
    expect(h.runtime.runners.get('actions')!.supervision().lastKillReason).toBe(
      'action missed its deadline of 1500 ms',
    );
    const t = setInterval(() => h.clock.advance(1_000), 50);
    await h.until(ready(h), 20_000, 'loaded again').finally(() => clearInterval(t));
    expect((await post({ plugin_id: 'actions', action_id: 'set-color', params: { rgb: [1, 2, 3] } })).status).toBe(200);
  });

  it('a plugin that is not running (disabled) answers 409, and a display that is not there 503', async () => {
    const { h, post } = await setup({ actions: { enabled: false } }, false);
    const r = await post({ plugin_id: 'actions', action_id: 'set-color', params: { rgb: [1, 2, 3] } });
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/not running/);
    // A web process with no display under it.
    const { app } = await testApp(testDeps({ dataDir: h.settings.dataDir, pluginsDir: h.settings.pluginsDir }));
    const none = await app.request(
      '/api/v3/plugins/action',
      jsonInit('POST', { plugin_id: 'actions', action_id: 'boom' }),
    );
    expect(none.status).toBe(503);
  });
});
