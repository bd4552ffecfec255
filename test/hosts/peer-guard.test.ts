import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostPeerGuard, socketInode } from '../../core/hosts/peer-guard.ts';
import { spawnNode } from '../support/process.ts';
import { requireUserTools, throwawayUser } from '../support/users.ts';

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback server that hands each accepted socket to the test. */
async function server(): Promise<{ port: number; next: () => Promise<net.Socket> }> {
  const waiting: Array<(s: net.Socket) => void> = [];
  const s = net.createServer((socket) => waiting.shift()?.(socket));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as net.AddressInfo).port, next: () => new Promise((r) => waiting.push(r)) };
}

describe("the web server's guard against plugin hosts", () => {
  it('names the process below the display that holds the other end of a connection', async () => {
    const { port, next } = await server();
    // This test process plays the display; a child of it connecting plays a plugin host.
    const guard = createHostPeerGuard({ displayPid: () => process.pid });
    const accepted = next();
    const child = spawn(process.execPath, [
      '-e',
      `require('net').connect(${port}, '127.0.0.1'); setTimeout(() => {}, 10000)`,
    ]);
    try {
      const socket = await accepted;
      expect(socketInode(socket.remotePort!, port)).toMatch(/^\d+$/);
      expect(guard.fromHost(socket)).toBe(child.pid);
      socket.destroy();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('lets through a connection from any other process, and everything while no display runs', async () => {
    const { port, next } = await server();
    const accepted = next();
    const client = net.connect(port, '127.0.0.1');
    const socket = await accepted;
    expect(createHostPeerGuard({ displayPid: () => process.pid }).fromHost(socket)).toBeNull();
    expect(createHostPeerGuard({ displayPid: () => null }).fromHost(socket)).toBeNull();
    client.destroy();
    socket.destroy();
  });

  it('names a host of another user, whose open files it may not read, by the owner of its socket', async () => {
    requireUserTools();
    const [web, hosts] = [throwawayUser('mqw'), throwawayUser('mqh')];
    // The guard runs as its own user; this process (root) plays the display, a child of it as
    // the hosts' user connecting plays a host started by the launcher.
    const probe = spawnNode('test/fixtures/peer-guard-probe.ts', {
      args: [String(process.pid)],
      uid: web.uid,
      gid: web.gid,
    });
    const { port } = await probe.waitForLog((l) => typeof l.port === 'number');
    const child = spawn(
      process.execPath,
      ['-e', `require('net').connect(${port}, '127.0.0.1'); setTimeout(() => {}, 10000)`],
      {
        uid: hosts.uid,
        gid: hosts.gid,
      },
    );
    try {
      expect((await probe.waitForLog((l) => 'host' in l)).host).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
