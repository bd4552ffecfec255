import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeMessage, MessageDecoder, type Message } from '../../../core/hosts/protocol.ts';
import { PYTHON_HOST_DIR } from '../../../core/hosts/python/command.ts';
import { initHost, installFixtures, loadPlugin, PYTHON, render, startHost } from './host-client.ts';

const DENIED = /^PermissionError: \[Errno (13|1)\]/;

describe('Python host: confinement from inside', () => {
  it('lets a plugin read its folder and write its data folder, and nothing else', async () => {
    const { pluginsDir, plugins } = installFixtures(['escape', 'hello-text']);
    const base = path.dirname(pluginsDir);
    const sibling = path.join(pluginsDir, 'hello-text', 'manifest.json');
    const config = path.join(base, 'config', 'config.json');
    fs.mkdirSync(path.dirname(config));
    fs.writeFileSync(config, '{"secret": true}');
    const outside = path.join(base, 'outside.txt');
    const server = http.createServer((_req, res) => res.end('score 3-1'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://localhost:${(server.address() as AddressInfo).port}/score`;
    const host = startHost();
    await initHost(host);
    const installed = plugins.escape!.dir;
    await loadPlugin(host, plugins.escape!, {
      targets: { sibling, config, outside, url, plugins: pluginsDir, installed },
    });
    const { reply } = await host.request('action', { plugin_id: 'escape', action: 'info', params: {} });
    const r = reply.result as Record<string, string>;
    for (const k of [
      'read_passwd',
      'read_sibling',
      'read_config',
      'list_plugins',
      'write_outside',
      'write_installed',
      'run_program',
    ])
      expect(r[k], k).toMatch(DENIED);
    expect(r.signal_parent).toMatch(/^PermissionError/);
    server.close();
    // The network stays open (name resolution included): plugins fetch their data over HTTP.
    // Its own folder is writable as under LEDMatrix: the writes land in its data folder (own-folder.test.ts).
    for (const k of [
      'read_own_folder',
      'write_own_folder',
      'write_data',
      'temp_file',
      'home_cache',
      'read_font',
      'fetch',
    ])
      expect(r[k], k).toBe('allowed');
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync(path.join(plugins.escape!.data_dir, '.cache', 'escape'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'token.pickle'))).toBe(false);
    expect(fs.existsSync(path.join(plugins.escape!.data_dir, 'root', 'plugin-repos', 'escape', 'token.pickle'))).toBe(
      true,
    );
    // The host is unharmed and refuses a plugin outside the folders it was confined to.
    expect(await loadPlugin(host, plugins['hello-text']!)).toMatchObject({ t: 'error', code: 'HOST_CONFINED' });
    expect((await render(host, 'escape')).reply).toMatchObject({ t: 'done', shown: false });
  });

  it('never grants a system folder whole when Marquee or its plugins live inside it', () => {
    const script = [
      'import json, sys',
      'from marquee_host.runtime_paths import system_readable',
      'print(json.dumps(system_readable(sys.argv[1:])))',
    ].join('\n');
    const granted = (...protectedPaths: string[]) =>
      JSON.parse(
        execFileSync(PYTHON, ['-s', '-c', script, ...protectedPaths], { cwd: PYTHON_HOST_DIR }).toString(),
      ) as string[];
    expect(granted()).toEqual(expect.arrayContaining(['/usr/lib', '/etc/ssl']));
    const underUsr = granted('/usr/lib/marquee', '/usr/lib/marquee/plugin-repos');
    expect(underUsr).not.toContain('/usr/lib');
    expect(underUsr.some((p) => '/usr/lib/marquee'.startsWith(`${p}/`) || p === '/usr/lib/marquee')).toBe(false);
    // What Python itself needs is still there, folder by folder.
    expect(underUsr).toEqual(expect.arrayContaining([expect.stringMatching(/^\/usr\/lib\/python3/)]));
    expect(underUsr).not.toContain('/etc');
  });

  it('refuses to run plugins when Landlock is missing, with a code and a message (fail closed)', async () => {
    const { plugins } = installFixtures(['hello-text']);
    // The real host, with the kernel's answer replaced by "no Landlock" before it starts.
    const script = [
      'import marquee_host.landlock as l',
      'l.abi_version = lambda: 0',
      'import runpy',
      "runpy.run_module('marquee_host', run_name='__main__')",
    ].join('\n');
    const child = spawn(PYTHON, ['-s', '-c', script], {
      cwd: PYTHON_HOST_DIR,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const channel = child.stdio[3] as Socket;
    const decoder = new MessageDecoder();
    const replies: Message[] = [];
    channel.on('data', (c: Buffer) =>
      replies.push(
        ...decoder
          .push(c)
          .map((m) => m.header)
          .filter((h) => h.t !== 'log'),
      ),
    );
    const ask = async (m: Message) => {
      const n = replies.length + 1;
      channel.write(encodeMessage(m));
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(n);
      return replies[n - 1]!;
    };
    try {
      expect(await ask({ t: 'init', id: 1, protocol: 1, panel: { width: 64, height: 32 }, facts: {} })).toMatchObject({
        t: 'done',
        landlock_abi: 0,
      });
      const p = plugins['hello-text']!;
      const plugin = { id: p.id, dir: p.dir, data_dir: p.data_dir, manifest: p.manifest };
      for (const id of [2, 3]) {
        const reply = await ask({ t: 'load', id, plugin, config: {} });
        expect(reply).toMatchObject({ t: 'error', id, code: 'PLUGIN_SANDBOX_UNAVAILABLE' });
        expect(reply.message).toMatch(/^plugins are not run unconfined: this kernel has no Landlock/);
      }
      expect(await ask({ t: 'render', id: 4, plugin_id: 'hello-text' })).toMatchObject({ code: 'PLUGIN_NOT_FOUND' });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
