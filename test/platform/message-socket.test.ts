import net from 'node:net';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { MessageChannel } from '../../core/platform/message-socket.ts';
import { tempDir } from '../support/temp.ts';

/** Two ends of a real Unix socket. */
async function pair(): Promise<{ a: MessageChannel; b: net.Socket; close(): void }> {
  const file = path.join(tempDir('marquee-sock-'), 's.sock');
  let accepted!: (s: net.Socket) => void;
  const got = new Promise<net.Socket>((r) => (accepted = r));
  const server = net.createServer((s) => accepted(s));
  await new Promise<void>((r) => server.listen(file, r));
  const client = net.connect(file);
  const b = await got;
  const a = new MessageChannel(client);
  return { a, b, close: () => (client.destroy(), b.destroy(), server.close()) };
}

const frame = (msg: unknown) => {
  const body = v8.serialize(msg);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
};

describe('message channel over a socket', () => {
  it('carries typed arrays as bytes, in order, however the stream is split', async () => {
    const { a, b, close } = await pair();
    const peer = new MessageChannel(b);
    const received: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      peer.on('message', (m) => (received.push(m), received.length === 3 && resolve())),
    );
    const rgb = new Uint8Array([1, 2, 3, 250]);
    a.send({ t: 'frame', rgb });
    a.send({ t: 'status', status: { state: 'idle' } });
    a.send({ t: 'restart', reason: 'x'.repeat(100_000) });
    await done;
    expect(received[0]).toEqual({ t: 'frame', rgb });
    expect((received[0] as { rgb: Uint8Array }).rgb).toBeInstanceOf(Uint8Array);
    expect(received[1]).toEqual({ t: 'status', status: { state: 'idle' } });
    expect((received[2] as { reason: string }).reason).toHaveLength(100_000);
    close();
  });

  it('reassembles a message sent one byte at a time', async () => {
    const { a, b, close } = await pair();
    const got = new Promise<unknown>((r) => a.on('message', r));
    const bytes = frame({ hello: 'world' });
    for (const byte of bytes) b.write(Buffer.from([byte]));
    expect(await got).toEqual({ hello: 'world' });
    close();
  });

  it('drops the connection on a length no panel frame can have, and reports the end as an exit', async () => {
    const { a, b, close } = await pair();
    const exited = new Promise<void>((r) => a.once('exit', () => r()));
    b.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0]));
    await exited;
    expect(a.connected).toBe(false);
    const err = await new Promise<Error | null>((r) => a.send({ late: true }, undefined, undefined, r));
    expect(err?.message).toBe('channel closed');
    close();
  });
});
