import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnNode } from '../support/process.ts';
import { tempDir } from '../support/temp.ts';

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

async function runWith(entry: string, env: Record<string, string>) {
  const root = tempDir();
  const dataDir = path.join(root, 'data');
  const proc = spawnNode(entry, {
    env: { MARQUEE_DATA_DIR: dataDir, MARQUEE_CONFIG_DIR: path.join(root, 'config'), ...env },
  });
  const exit = await proc.exited;
  return { exit, stderr: proc.stderr(), logs: proc.logs, dataDir };
}

describe('an invalid setting stops the process before it listens', () => {
  it.each([
    [
      'PORT=abc',
      { PORT: 'abc' },
      'Invalid setting port (from PORT): expected an integer from 0 to 65535, received "abc"',
    ],
    [
      'MARQUEE_DISPLAY_BACKEND=x',
      { MARQUEE_DISPLAY_BACKEND: 'x' },
      'Invalid setting display.backend (from MARQUEE_DISPLAY_BACKEND): expected one of auto | emulator | rpi, received "x"',
    ],
  ])('server with %s exits 78 with one line naming setting, expectation and value', async (_name, env, message) => {
    const port = await freePort();
    const { exit, stderr, logs, dataDir } = await runWith('server.ts', { PORT: String(port), ...env });
    expect(exit).toMatchObject({ code: 78, signal: null });
    expect(stderr).toBe(`${message}\n`);
    expect(logs.filter((l) => l.msg === 'listening')).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(await refusesConnections(port)).toBe(true);
  });

  it('the display process alone exits 78 with the same kind of line', async () => {
    const { exit, stderr, dataDir } = await runWith('display.ts', { MARQUEE_PANEL_ROWS: '4' });
    expect(exit).toMatchObject({ code: 78, signal: null });
    expect(stderr).toBe(
      'Invalid setting display.rows (from MARQUEE_PANEL_ROWS): expected an integer from 8 to 256, received 4\n',
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
