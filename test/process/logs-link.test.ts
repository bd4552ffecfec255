/**
 * The display's log lines reach the web process's ring: over the fork channel when web starts the
 * display, over the socket link when each is a service of its own, and again (without doubles)
 * to a web process that restarted while the display kept running.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnNode, startFixtureServer } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

type Line = { msg: string; source: string; fields: Record<string, unknown> };

async function displayLines(url: string): Promise<Line[]> {
  const res = await fetch(`${url}/api/v3/logs?process=display&limit=1000`);
  return (await res.json()).data.lines as Line[];
}

async function waitForLine(url: string, msg: string, timeoutMs = 15_000): Promise<Line[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lines = await displayLines(url);
    if (lines.some((l) => l.msg === msg)) return lines;
    if (Date.now() > until) throw new Error(`no display line "${msg}" in ${JSON.stringify(lines.map((l) => l.msg))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the display's lines in the web process's logs", () => {
  it('arrive over the fork channel', async () => {
    const server = await startFixtureServer();
    await server.waitForLog((l) => l.msg === 'display started' && l.proc === 'display');
    const lines = await waitForLine(server.url, 'display started');
    expect(lines.every((l) => l.source === 'display')).toBe(true);
    const web = (await (await fetch(`${server.url}/api/v3/logs?process=web`)).json()).data.lines as Line[];
    expect(web.some((l) => l.msg === 'listening')).toBe(true);
  });

  it('arrive over the socket link, and reach a restarted web process once each', async () => {
    const root = tempDir();
    const env = {
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_DISPLAY_LINK: 'socket',
      MARQUEE_DISPLAY_SOCKET: path.join(root, 'display.sock'),
      MARQUEE_LOG_LEVEL: 'info',
    };
    const start = () => spawnNode('server.ts', { env: { ...env, PORT: '0', MARQUEE_HOST: '127.0.0.1' } });
    let web = start();
    let url = (await web.waitForLog((l) => l.msg === 'listening')).url as string;
    const display = spawnNode('display.ts', { env });
    await display.waitForLog((l) => l.msg === 'display started');
    await waitForLine(url, 'display started');

    web.child.kill('SIGTERM');
    await web.exited;
    web = start();
    url = (await web.waitForLog((l) => l.msg === 'listening')).url as string;
    await display.waitForLog((l) => l.msg === 'connected to the web process', { count: 2 });
    // The new web process has the display's earlier lines (sent again on reconnection), each once.
    const lines = await waitForLine(url, 'display started');
    expect(lines.filter((l) => l.msg === 'display started')).toHaveLength(1);
    await waitForLine(url, 'connected to the web process');
    const again = await displayLines(url);
    expect(again.filter((l) => l.msg === 'connected to the web process').length).toBe(2);
  });
});
