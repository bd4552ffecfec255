/**
 * Byte and time limits of plugin downloads, against real loopback servers. Not through msw: its
 * interception never settles a response body the consumer gives up on half-way.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadArchive } from '../../core/plugins/download.ts';
import { testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function loopback(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.zip`;
}

describe('downloading an archive', () => {
  it('stops once more than the byte limit has arrived, leaving no file', async () => {
    const deps = testDeps();
    const url = await loopback((_req, res) => {
      res.write(Buffer.alloc(60_000, 1));
      res.end(Buffer.alloc(60_000, 2));
    });
    const file = path.join(tempDir(), 'a.zip');
    const p = downloadArchive(deps, [{ url, label: 'the archive' }], file, { maxBytes: 100_000, timeoutMs: 5_000 });
    await expect(p).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('stops at the time limit when the body stalls, leaving no file', async () => {
    const deps = testDeps();
    const url = await loopback((_req, res) => void res.write(Buffer.alloc(10, 1)));
    const file = path.join(tempDir(), 'a.zip');
    const p = downloadArchive(deps, [{ url, label: 'the archive' }], file, { maxBytes: 1_000_000, timeoutMs: 300 });
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', transient: true });
    expect(fs.existsSync(file)).toBe(false);
  });
});
