import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initHost, installFixtures, loadPlugin, render, startHost } from './host-client.ts';

describe('Python host: plugins that fail', () => {
  it('answers a plugin that raises with its message and traceback, and keeps serving', async () => {
    const { plugins } = installFixtures(['raises']);
    const host = startHost();
    await initHost(host);
    await loadPlugin(host, plugins.raises!);
    const update = (await host.request('update', { plugin_id: 'raises' })).reply;
    expect(update).toMatchObject({
      t: 'error',
      code: 'PLUGIN_CALL_FAILED',
      message: 'ConnectionError: the score service did not answer',
      cpu_ms: expect.any(Number),
    });
    expect(update.stack).toMatch(/manager\.py", line \d+, in update/);
    expect((await render(host, 'raises')).reply).toMatchObject({ t: 'error', message: "KeyError: 'missing'" });
    const ok = await render(host, 'raises');
    expect(ok.reply).toMatchObject({ t: 'done', shown: true });
    expect([...ok.frames[0]!.payload.subarray(0, 3)]).toEqual([255, 0, 0]);
    // print() goes to stdout, which the display reads as log lines, never into the channel.
    await expect.poll(() => host.stdout()).toContain('drawn on an even call');
    // sys.exit() in a plugin ends the call, not the host.
    await host.request('configure', { plugin_id: 'raises', config: { exit: true } });
    expect((await host.request('update', { plugin_id: 'raises' })).reply).toMatchObject({
      t: 'error',
      message: 'SystemExit: 3',
    });
    expect((await host.request('update', { plugin_id: 'raises' })).reply).toMatchObject({
      t: 'error',
      message: 'SystemExit: 3',
    });
    expect((await render(host, 'raises')).reply.t).toBe('error');
  });

  it('keeps serving other plugins while one display() never returns, and is killed by SIGTERM', async () => {
    const { plugins } = installFixtures(['hangs', 'hello-text']);
    const host = startHost();
    const expected = Object.values(plugins).map(({ id, dir, data_dir }) => ({ id, dir, data_dir }));
    await initHost(host, undefined, { plugins: expected });
    await loadPlugin(host, plugins.hangs!);
    await loadPlugin(host, plugins['hello-text']!);
    let answered = false;
    void render(host, 'hangs')
      .then(() => (answered = true))
      .catch(() => {});
    const other = await render(host, 'hello-text');
    expect(other.reply).toMatchObject({ t: 'done', shown: true });
    expect((await host.request('update', { plugin_id: 'hello-text' })).reply.t).toBe('done');
    expect(answered).toBe(false);
    host.child.kill('SIGTERM');
    expect(await host.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('keeps the last frame when a render comes while update() runs, as LEDMatrix does', async () => {
    const { plugins } = installFixtures(['hangs']);
    const host = startHost();
    await initHost(host);
    await loadPlugin(host, plugins.hangs!, { hang_in: 'update' });
    expect((await render(host, 'hangs')).frames).toHaveLength(1);
    host.send('update', { plugin_id: 'hangs' });
    await expect
      .poll(async () => (await render(host, 'hangs')).reply, { timeout: 10_000 })
      .toMatchObject({ t: 'done', shown: true, busy: true, next_in_ms: 1000 });
  });

  it('gives up on an update() at its deadline_ms with an error, and goes on serving', async () => {
    const { plugins } = installFixtures(['hangs', 'hello-text']);
    const host = startHost();
    await initHost(host, undefined, {
      plugins: Object.values(plugins).map(({ id, dir, data_dir }) => ({ id, dir, data_dir })),
    });
    await loadPlugin(host, plugins.hangs!, { hang_in: 'update' });
    await loadPlugin(host, plugins['hello-text']!, { message: 'Hi' });
    const stuck = await host.request('update', { plugin_id: 'hangs', deadline_ms: 300 });
    expect(stuck.reply).toMatchObject({
      t: 'error',
      code: 'PLUGIN_CALL_FAILED',
      message: 'update() did not finish within its deadline of 300 ms',
    });
    // The host goes on serving the other plugin; a quick update is answered once, `done`.
    const quick = await host.request('update', { plugin_id: 'hello-text', deadline_ms: 5_000 });
    expect(quick.reply.t).toBe('done');
    expect((await render(host, 'hello-text')).frames).toHaveLength(1);
  });

  it('exits 0 on shutdown even while a plugin is stuck in display()', async () => {
    const { plugins } = installFixtures(['hangs']);
    const host = startHost();
    await initHost(host);
    await loadPlugin(host, plugins.hangs!);
    host.send('render', { plugin_id: 'hangs', mode: 'hangs', now: 0, frame_no: 0, force_clear: false });
    host.send('shutdown');
    expect(await host.exited).toEqual({ code: 0, signal: null });
  });

  it("keeps LEDMatrix's cache semantics in the plugin's own data folder, across a restart", async () => {
    const { plugins } = installFixtures(['cache-ttl']);
    const p = plugins['cache-ttl']!;
    for (const runs of [2, 3]) {
      const host = startHost();
      await initHost(host);
      await loadPlugin(host, p);
      if (runs === 2) expect((await host.request('update', { plugin_id: 'cache-ttl' })).reply.t).toBe('done');
      expect((await host.request('update', { plugin_id: 'cache-ttl' })).reply.t).toBe('done');
      const info = (await host.request('action', { plugin_id: 'cache-ttl', action: 'info', params: {} })).reply;
      expect(info.result).toEqual({
        runs,
        gone: null,
        kept_past_max_age: { b: 2 },
        plain: [1, 2, 3],
        plain_from_disk: [1, 2, 3],
        deleted: null,
        cache_dir: path.join(p.data_dir, 'cache'),
        files: ['gone.json', 'kept.json', 'plain.json', 'runs.json'],
      });
      expect((await render(host, 'cache-ttl')).reply).toMatchObject({ t: 'done', shown: false });
      host.send('shutdown');
      await host.exited;
    }
    const record = JSON.parse(fs.readFileSync(path.join(p.data_dir, 'cache', 'kept.json'), 'utf8'));
    expect(record).toMatchObject({ data: { b: 2 }, ttl: 3600, timestamp: expect.any(Number) });
  });
});

describe('Python host: plugin logs', () => {
  it('reach the display as log messages tagged with the plugin, at a bounded rate', async () => {
    const { plugins } = installFixtures(['hello-text']);
    const host = startHost();
    await initHost(host);
    await loadPlugin(host, plugins['hello-text']!, { message: 'Chatty', log_lines: 200 });
    await host.request('update', { plugin_id: 'hello-text' });
    const lines = () => host.logs.filter((l) => l.plugin_id === 'hello-text');
    expect(lines()[0]).toMatchObject({ t: 'log', level: 'info', message: 'plugin.hello-text: updated Chatty' });
    expect(lines().length).toBeLessThan(40);
    await expect
      .poll(async () => {
        await host.request('update', { plugin_id: 'hello-text' });
        return lines().some((l) => /^\(\d+ earlier log lines dropped\)/.test(String(l.message)));
      })
      .toBe(true);
  });
});

describe('Python host: bad requests get clear errors', () => {
  it('names the field, what was expected and what came, and keeps serving', async () => {
    const { plugins } = installFixtures(['hello-text']);
    const host = startHost();
    expect((await host.request('render', { plugin_id: 'x' })).reply).toMatchObject({ code: 'HOST_NOT_INITIALISED' });
    expect((await host.request('init', { protocol: 9, panel: { width: 64, height: 32 } })).reply).toMatchObject({
      t: 'error',
      code: 'BAD_REQUEST',
      message: 'protocol 9 is not 1',
    });
    expect((await host.request('init', { protocol: 1, panel: { width: '64', height: 32 } })).reply.message).toBe(
      "panel.width must be an integer from 1 to 4096, got '64'",
    );
    await initHost(host);
    const p = plugins['hello-text']!;
    const load = (plugin: Record<string, unknown>) => host.request('load', { plugin, config: {} }).then((r) => r.reply);
    expect(await load({ ...p, dir: 'relative/path' })).toMatchObject({
      code: 'BAD_REQUEST',
      message: "plugin.dir must be an absolute path, got 'relative/path'",
    });
    expect(await load({ ...p, entry: '../../escape.py' })).toMatchObject({ code: 'PLUGIN_LOAD_FAILED' });
    expect(await load({ ...p, manifest: { id: 'hello-text' } })).toMatchObject({
      code: 'PLUGIN_LOAD_FAILED',
      message: 'plugin.manifest must be an object with a class_name string',
    });
    expect(await load({ ...p, manifest: { ...p.manifest, class_name: 'Nope' } })).toMatchObject({
      code: 'PLUGIN_LOAD_FAILED',
      message: "manager.py has no class Nope (the manifest's class_name)",
    });
    expect((await host.request('frobnicate')).reply).toMatchObject({
      code: 'BAD_REQUEST',
      message: "unknown message type 'frobnicate'",
    });
    expect(await loadPlugin(host, p, { message: '' })).toMatchObject({
      code: 'CONFIG_VALIDATION_FAILED',
      message: 'hello-text refused its settings (validate_config returned False)',
    });
    expect(await loadPlugin(host, p)).toMatchObject({ t: 'done' });
    expect((await host.request('configure', { plugin_id: 'hello-text', config: [1] })).reply).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'configure needs config as an object, got list',
    });
    expect((await host.request('action', { plugin_id: 'hello-text', action: 'explode' })).reply).toMatchObject({
      code: 'UNKNOWN_ACTION',
    });
    expect((await render(host, 'hello-text')).reply).toMatchObject({ t: 'done', shown: true });
  });

  it('stops at a framing error with a message on stderr and a non-zero status', async () => {
    const host = startHost();
    await initHost(host);
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(3, 0);
    bad.writeUInt32BE(0, 4);
    (host.child.stdio[3] as NodeJS.WritableStream).write(Buffer.concat([bad, Buffer.from('[1]')]));
    expect(await host.exited).toEqual({ code: 2, signal: null });
    expect(host.stderr()).toContain('header is not an object with a string "t"');
  });
});
