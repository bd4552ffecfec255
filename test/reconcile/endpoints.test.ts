import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp, jsonInit } from '../support/deps.ts';
import { useUpstream } from '../support/upstream.ts';
import { writePluginFolder } from '../support/zip.ts';
import { setup } from './helpers.ts';

useUpstream();
const RECONCILE = '/api/v3/plugins/state/reconcile';
const STATUS = '/api/v3/plugins/reconciliation-status';

/**
 * `fakeplugin` in config (missing everywhere: its repair already failed as not in any registry,
 * so one manual item), `clock` on disk and consistent. `runs()` counts the runs since; with
 * `{ fresh: true }` nothing has run at all.
 */
async function start(opts: { fresh?: boolean } = {}) {
  const s = await setup({
    sources: [],
    config: { clock: { enabled: true }, fakeplugin: { enabled: true } },
    folders: (dir) => writePluginFolder(dir, { id: 'clock' }),
  });
  if (!opts.fresh) {
    await s.deps.reconciler.run({ trigger: 'startup' });
    await s.deps.queue.runOnce();
  }
  const { app } = await testApp(s.deps);
  const files = () => fs.readFileSync(path.join(s.deps.settings.configDir, 'config.json'), 'utf8');
  const before = s.deps.queue.history({ kind: 'reconcile' }).length;
  const runs = () => s.deps.queue.history({ kind: 'reconcile' }).length - before;
  return { app, deps: s.deps, files, runs };
}

const post = (body: string | undefined, type = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type },
  body,
});

describe('POST /api/v3/plugins/state/reconcile', () => {
  it("runs once and answers LEDMatrix's summary fields with the run id", async () => {
    const { app, deps, runs } = await start();
    const res = await app.request(RECONCILE, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toBe(
      'Reconciliation complete: 1 inconsistencies found, 0 fixed automatically, 1 require manual attention',
    );
    expect(body.data).toMatchObject({
      run_id: expect.any(String),
      trigger: 'api',
      forced: false,
      status: 'completed',
      inconsistencies_found: 1,
      inconsistencies_fixed: 0,
      inconsistencies_manual: 1,
      reconciliation_successful: false,
      inconsistencies: [
        {
          plugin_id: 'fakeplugin',
          type: 'plugin_missing_on_disk',
          description: expect.any(String),
          fix_action: 'manual_fix_required',
        },
      ],
      fixed: [],
      manual_fix_required: [{ plugin_id: 'fakeplugin', type: 'plugin_missing_on_disk' }],
    });
    expect(runs()).toBe(1);
    // The run is an operation: its id, and its findings as the operation's result.
    const op = deps.queue.get(body.data.run_id)!;
    expect(op).toMatchObject({ kind: 'reconcile', status: 'completed', requestedBy: 'api', params: { force: false } });
    expect(op.result).toMatchObject({ checked: 2, findings: [expect.objectContaining({ plugin_id: 'fakeplugin' })] });
  });

  it.each([
    ['{"force": true}', true],
    ['{"force": "true"}', true],
    ['{"force": 1}', true],
    ['{"force": "false"}', false],
    ['{"force": false}', false],
    ['{"force": null}', false],
    ['{"other": 1}', false],
    ['[true]', false],
    ['"force"', false],
    ['null', false],
    ['', false],
  ])('body %s → forced %s (tolerant, as LEDMatrix)', async (raw, forced) => {
    const { app } = await start();
    const res = await app.request(RECONCILE, post(raw));
    expect(res.status).toBe(200);
    expect((await res.json()).data.forced).toBe(forced);
  });

  it.each([
    ['{"force": "maybe"}', '"maybe"'],
    ['{"force": {}}', '{}'],
    ['{"force": 2}', '2'],
  ])('refuses %s with a field-level 400 and runs nothing', async (raw, received) => {
    const { app, files, runs } = await start();
    const before = files();
    const res = await app.request(RECONCILE, post(raw));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'error', error_code: 'VALIDATION_ERROR' });
    expect(body.context.problems[0]).toMatchObject({
      in: 'body',
      field: 'force',
      received: expect.stringContaining(received),
    });
    expect(body.context.problems[0].expected).toMatch(/true or false/);
    expect(runs()).toBe(0);
    expect(files()).toBe(before);
  });

  it('refuses malformed JSON (400) and other content types (415) without running', async () => {
    const { app, runs } = await start();
    const bad = await app.request(RECONCILE, post('{"force": tru'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error_code).toBe('INVALID_INPUT');
    const text = await app.request(RECONCILE, post('force=true', 'text/plain'));
    expect(text.status).toBe(415);
    expect(runs()).toBe(0);
  });

  it('GET is not a way to run it', async () => {
    const { app, runs } = await start();
    expect((await app.request(RECONCILE)).status).toBe(405);
    expect(runs()).toBe(0);
  });
});

describe('GET /api/v3/plugins/reconciliation-status', () => {
  it('before any run: not done, nothing unresolved, and asking runs nothing', async () => {
    const { app, runs } = await start({ fresh: true });
    const res = await app.request(STATUS);
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual({
      done: false,
      running: false,
      successful: null,
      fixed_count: 0,
      unresolved: [],
      run: null,
    });
    expect(runs()).toBe(0);
  });

  it('after a run: the latest run, with its manual items for the banner', async () => {
    const { app, deps } = await start();
    const first = await deps.reconciler.run({ trigger: 'schedule' });
    deps.clock.advance(1_000);
    const latest = await (await app.request(RECONCILE, jsonInit('POST', {}))).json();
    const body = (await (await app.request(STATUS)).json()).data;
    expect(body).toMatchObject({
      done: true,
      running: false,
      successful: false,
      fixed_count: 0,
      unresolved: [{ plugin_id: 'fakeplugin', type: 'plugin_missing_on_disk', description: expect.any(String) }],
      run: { run_id: latest.data.run_id, trigger: 'api', forced: false },
    });
    expect(body.run.run_id).not.toBe(first.run_id);
    // The repair's record, per plugin: its attempts and last error ("not in any registry").
    expect(body.run.inconsistencies[0]).toMatchObject({ attempts: 1, error_code: 'PLUGIN_NOT_FOUND' });

    // A forced run asks for the repair again: queued, so nothing is left for a person until it fails.
    const forced = await (await app.request(RECONCILE, jsonInit('POST', { force: true }))).json();
    expect(forced.data).toMatchObject({ forced: true, inconsistencies_fixed: 1, manual_fix_required: [] });
    expect((await (await app.request(STATUS)).json()).data).toMatchObject({ fixed_count: 1, unresolved: [] });
  });

  it('ignores query parameters it does not know', async () => {
    const { app } = await start();
    expect((await app.request(`${STATUS}?plugin_id=../../x`)).status).toBe(200);
  });
});
