/**
 * Restart, reboot and shut down: refused with the reason outside an installed service, accepted
 * through systemctl when Marquee runs as one (systemd's INVOCATION_ID, the unit file installed, a
 * stand-in systemctl first on PATH recording what it was asked).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { startFixtureServer } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

describe('POST /api/v3/system/action outside an installed service', () => {
  it('is refused with 409 and the reason, and nothing is queued', async () => {
    const { app, deps } = await testApp();
    const res = await app.request('/api/v3/system/action', jsonInit('POST', { action: 'reboot' }));
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error_code).toBe('SERVICE_NOT_INSTALLED');
    expect(body.message).toContain('not started by systemd');
    expect(deps.queue.history()).toEqual([]);
  });

  it('is refused when systemd started it but the units are not installed', async () => {
    const { app } = await testApp(testDeps({ 'service.invocationId': 'abc', 'service.unitDir': tempDir() }));
    const form = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=reboot_system',
    };
    const res = await app.request('/api/v3/system/action', form);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toContain('marquee-web.service is not installed');
  });

  it.each([
    [{ action: 'dance' }, 'one of restart_service'],
    [{ action: 'git_pull' }, 'a LEDMatrix action Marquee does not have'],
    [{}, 'Expected "action" but received undefined'],
    [{ action: 7 }, 'one of restart_service'],
  ])('refuses %j with the field and what was expected', async (body, expected) => {
    const { app } = await testApp();
    const res = await app.request('/api/v3/system/action', jsonInit('POST', body));
    expect(res.status).toBe(400);
    const problem = (await res.json()).context.problems[0];
    expect(problem).toMatchObject({ in: 'body', field: 'action' });
    expect(`${problem.expected} / ${problem.message}`).toContain(expected);
  });
});

/** A systemctl stand-in: records its arguments, fails while `fail` exists beside it. */
function fakeSystemctl() {
  const dir = tempDir();
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(
    path.join(dir, 'systemctl'),
    `#!/bin/sh\nif [ -e "${dir}/fail" ]; then echo "Access denied" >&2; exit 4; fi\necho "$@" >> "${log}"\n`,
    { mode: 0o755 },
  );
  const units = tempDir();
  fs.writeFileSync(path.join(units, 'marquee-web.service'), '[Service]\n');
  return { dir, units, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe('POST /api/v3/system/action as an installed service', () => {
  it('runs systemctl --no-block for each action, one operation each, and reports a refusal', async () => {
    const fake = fakeSystemctl();
    const server = await startFixtureServer({
      args: ['--no-display'],
      env: {
        INVOCATION_ID: 'fake-invocation',
        MARQUEE_SYSTEMD_UNIT_DIR: fake.units,
        PATH: `${fake.dir}:${process.env.PATH}`,
      },
    });
    const post = (action: string) =>
      fetch(`${server.url}/api/v3/system/action`, jsonInit('POST', { action }) as RequestInit);
    const status = await (await fetch(`${server.url}/api/v3/system/status`)).json();
    expect(status.data.service).toEqual({ installed: true, manager: 'systemd', reason: null });

    const res = await post('restart_display_service');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toBe('The display is restarting');
    expect(body.data).toMatchObject({
      action: 'restart_display_service',
      returncode: 0,
      command: 'systemctl --no-block restart marquee-display.service',
    });
    for (const a of ['reboot', 'shutdown_system', 'restart_service']) expect((await post(a)).status).toBe(200);
    expect(fake.calls()).toEqual([
      '--no-block restart marquee-display.service',
      '--no-block reboot',
      '--no-block poweroff',
      '--no-block restart marquee-display.service marquee-web.service',
    ]);

    fs.writeFileSync(path.join(fake.dir, 'fail'), '');
    const refused = await post('reboot');
    expect(refused.status).toBe(500);
    const err = await refused.json();
    expect(err.error_code).toBe('SYSTEM_ACTION_FAILED');
    expect(err.message).toContain('Access denied');

    const history = await (
      await fetch(`${server.url}/api/v3/plugins/operation/history?operation_type=system-action`)
    ).json();
    expect(history.data.map((o: { status: string }) => o.status)).toEqual([
      'failed',
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
  }, 30_000);
});
