import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { saveConfig } from '../../core/config/save.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';
import { setup } from './helpers.ts';

/** Every stored byte of the operation history: rows and their events. */
function historyText(s: Awaited<ReturnType<typeof setup>>): string {
  const { sqlite } = s.deps.db;
  return JSON.stringify([
    sqlite.prepare('SELECT * FROM operations').all(),
    sqlite.prepare('SELECT * FROM operation_events').all(),
  ]);
}

/** Registers a kind whose run holds `key` until released; resolves `started` once it runs. */
function holder(s: Awaited<ReturnType<typeof setup>>, kind: string, run?: () => Promise<void>) {
  const started = deferred();
  const release = deferred();
  s.deps.queue.register(
    recordingExecutor(kind, async () => {
      started.resolve();
      await release.promise;
      await run?.();
      return { ok: true };
    }),
  );
  return { started: started.promise, release: () => release.resolve() };
}

describe('saves as configure operations', () => {
  it('a save is a completed operation whose history holds what changed, never a value', async () => {
    const s = await setup();
    const res = await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { city: 'Reykjavik', api_key: 'KEY-SECRET-1', accounts: [{ name: 'Home-Account', token: 'TOK-2' }] },
    });
    expect(res.status).toBe(200);
    const [op] = s.deps.queue.history({ kind: 'configure' });
    expect(op).toMatchObject({ id: res.body.data.operation_id, key: 'weather', status: 'completed' });
    expect(op!.requestedBy).toBe('api');
    expect(op!.params).toMatchObject({
      op: 'plugin',
      plugin_id: 'weather',
      config: { city: 'string', api_key: 'string', accounts: 'array(1)' },
    });
    expect(op!.result).toMatchObject({ key: 'weather', changed_sections: ['weather'], secret_fields_saved: 2 });
    const stored = historyText(s);
    for (const value of ['Reykjavik', 'KEY-SECRET-1', 'Home-Account', 'TOK-2']) expect(stored).not.toContain(value);
    expect(s.deps.config.inbox.size()).toBe(0);
  });

  it('a refused save answers with every field and value, and the history names the fields only', async () => {
    const s = await setup();
    const before = s.snapshot();
    const res = await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { units: 'kelvin-units', update_interval: 7 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CONFIG_VALIDATION_FAILED');
    expect(res.body.context.problems.map((p: { received: string }) => p.received).sort()).toEqual([
      '"kelvin-units"',
      '7',
    ]);
    const [op] = s.deps.queue.history({ kind: 'configure' });
    expect(res.body.context.operation_id).toBe(op!.id);
    expect(op).toMatchObject({ status: 'failed', errorCode: 'CONFIG_VALIDATION_FAILED', attempts: 1 });
    expect(op!.errorMessage).toContain('units');
    expect(op!.errorMessage).toContain('update_interval');
    expect(historyText(s)).not.toContain('kelvin-units');
    expect(s.snapshot()).toEqual(before);
  });

  it('an unknown plugin is a 404 before anything is queued', async () => {
    const s = await setup();
    const res = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'nope', config: { a: 1 } });
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe('PLUGIN_NOT_FOUND');
    const reset = await s.call('POST', '/api/v3/plugins/config/reset', { plugin_id: 'nope' });
    expect(reset.status).toBe(404);
    expect(s.deps.queue.history()).toEqual([]);
  });

  it('a save while another kind of operation holds the plugin is a 409 naming it; nothing is written', async () => {
    const s = await setup();
    const hold = holder(s, 'uninstall');
    const blocking = s.deps.queue.enqueue({ kind: 'uninstall', key: 'weather' }).operation;
    await hold.started;
    const before = s.snapshot();
    const res = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Oslo' } });
    expect(res.status).toBe(409);
    expect(res.body.error_code).toBe('PLUGIN_OPERATION_CONFLICT');
    expect(res.body.context).toMatchObject({ operation_id: blocking.id, operation_type: 'uninstall' });
    expect(s.snapshot()).toEqual(before);
    hold.release();
    await s.deps.queue.waitFor(blocking.id, 5_000);
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Oslo' } })).status,
    ).toBe(200);
  });

  it("a config.json save holding that plugin's section, a raw edit or a rollback is a 409 too; core-only saves go on", async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Lima' } });
    const hold = holder(s, 'uninstall');
    const blocking = s.deps.queue.enqueue({ kind: 'uninstall', key: 'weather' }).operation;
    await hold.started;
    const before = s.snapshot();
    const main = s.readMain();
    for (const [url, body] of [
      ['/api/v3/config/main', { weather: { city: 'Oslo' } }],
      ['/api/v3/config/raw/main', { ...main, weather: { city: 'Oslo' } }],
      ['/api/v3/config/raw/secrets', { weather: { api_key: 'K' } }],
      ['/api/v3/config/rollback', {}],
    ] as const) {
      const res = await s.call('POST', url, body);
      expect(res.status, url).toBe(409);
      expect(res.body.context, url).toMatchObject({
        plugin_id: 'weather',
        operation_id: blocking.id,
        operation_type: 'uninstall',
      });
    }
    expect(s.snapshot()).toEqual(before);
    expect((await s.call('POST', '/api/v3/config/main', { timezone: 'Europe/Oslo' })).status).toBe(200);
    hold.release();
    await s.deps.queue.waitFor(blocking.id, 5_000);
    expect((await s.call('POST', '/api/v3/config/main', { weather: { city: 'Oslo' } })).status).toBe(200);
  });

  it('an executor holding the plugin key changes its config directly through config.apply', async () => {
    const s = await setup();
    await saveConfig(s.deps, { op: 'plugin', plugin_id: 'weather', config: { city: 'Lima', api_key: 'K' } });
    s.deps.queue.register(
      recordingExecutor('uninstall', async ({ params, signal }) => {
        const id = (params as { plugin_id: string }).plugin_id;
        const r = await s.deps.config.apply({ op: 'plugin-remove', plugin_id: id }, signal);
        return { changed: r.changed_sections };
      }),
    );
    const { operation } = s.deps.queue.enqueue({ kind: 'uninstall', key: 'weather', params: { plugin_id: 'weather' } });
    const done = await s.deps.queue.waitFor(operation.id, 5_000);
    expect(done.operation).toMatchObject({ status: 'completed', result: { changed: ['weather'] } });
    expect(s.readMain().weather).toBeUndefined();
    expect(s.readSecrets().weather).toBeUndefined();
  });

  it('when other work keeps the queue busy past the wait, answers 202 with the operation, which then saves', async () => {
    const s = await setup({ 'queue.waitMs': 100, 'limits.queueConcurrency': 1 });
    const hold = holder(s, 'install');
    s.deps.queue.enqueue({ kind: 'install', key: 'other-plugin' });
    await hold.started;
    const res = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Quito' } });
    expect(res.status).toBe(202);
    const id = res.body.data.operation_id as string;
    expect(res.body.data.status).toBe('pending');
    expect(s.deps.config.inbox.size()).toBe(1);
    hold.release();
    const done = await s.deps.queue.waitFor(id, 5_000);
    expect(done.operation.status).toBe('completed');
    expect(s.readMain().weather.city).toBe('Quito');
    expect(s.deps.config.inbox.size()).toBe(0);
  });

  it('a configure operation whose change was lost with a restart fails at once, saying so, and changes nothing', async () => {
    const s = await setup();
    const before = s.snapshot();
    // What a restart leaves: the row (a description and a request id) without the change in memory.
    const params = { op: 'plugin', plugin_id: 'weather', config: { city: 'string' }, request_id: randomUUID() };
    const { operation } = s.deps.queue.enqueue({ kind: 'configure', key: 'weather', params });
    const done = await s.deps.queue.waitFor(operation.id, 5_000);
    expect(done.operation).toMatchObject({ status: 'failed', errorCode: 'OPERATION_INTERRUPTED', attempts: 1 });
    expect(done.operation.message).toMatch(/lost when Marquee restarted.*Save them again/);
    expect(s.snapshot()).toEqual(before);
  });

  it('a save cancelled while it waits in the queue answers 409 OPERATION_CANCELLED and writes nothing', async () => {
    const s = await setup({ 'limits.queueConcurrency': 1 });
    const hold = holder(s, 'install');
    s.deps.queue.enqueue({ kind: 'install', key: 'other-plugin' });
    await hold.started;
    const before = s.snapshot();
    const pending = s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Bern' } });
    const queued = await new Promise<string>((resolve) => {
      const stop = s.deps.events.subscribe((e) => {
        const data = e.data as { operation_type?: string; operation_id: string };
        if (e.type === 'operation.created' && data.operation_type === 'configure') (stop(), resolve(data.operation_id));
      });
    });
    s.deps.queue.cancel(queued);
    const res = await pending;
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error_code: 'OPERATION_CANCELLED', context: { operation_id: queued } });
    hold.release();
    expect(s.snapshot()).toEqual(before);
    expect(s.deps.config.inbox.size()).toBe(0);
  });
});
