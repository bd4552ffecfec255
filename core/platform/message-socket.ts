/**
 * Messages over a stream socket, shaped like a forked child's IPC channel (`send`, `message`,
 * `connected`, `exit`), so code written for `child_process.fork` works unchanged between two
 * processes started separately. Each message is V8-serialized (the structured clone a fork channel
 * with `serialization: 'advanced'` uses: typed arrays travel as bytes) behind a 4-byte length.
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import v8 from 'node:v8';

/** Larger than any frame a panel can produce; a longer length means a corrupt stream. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export class MessageChannel extends EventEmitter {
  connected = true;
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.connected = false;
      this.emit('disconnect');
      this.emit('exit', null, null);
    });
  }

  /** Same shape as `ChildProcess.send`; `cb` gets an error when the peer is gone. */
  send(msg: unknown, _handle?: unknown, _opts?: unknown, cb?: (e: Error | null) => void): boolean {
    if (!this.connected) {
      if (cb) queueMicrotask(() => cb(new Error('channel closed')));
      return false;
    }
    const body = v8.serialize(msg);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32BE(body.length);
    this.socket.write(head);
    return this.socket.write(body, (e) => cb?.(e ?? null));
  }

  disconnect(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      const head = this.take(4, false);
      const length = head.readUInt32BE(0);
      if (length > MAX_MESSAGE_BYTES) return void this.socket.destroy(new Error('message too large'));
      if (this.buffered < 4 + length) return;
      this.take(4, true);
      let msg: unknown;
      try {
        msg = v8.deserialize(this.take(length, true));
      } catch {
        return void this.socket.destroy(new Error('unreadable message'));
      }
      this.emit('message', msg);
    }
  }

  /** The first `n` buffered bytes, removed from the buffer when `consume`. */
  private take(n: number, consume: boolean): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    const out = all.subarray(0, n);
    if (consume) {
      this.chunks = all.length > n ? [all.subarray(n)] : [];
      this.buffered -= n;
    }
    return out;
  }
}
