import type { Duplex } from 'node:stream';
import { encodeHead, MessageDecoder, ProtocolError, type Message, type Received } from './protocol.ts';

export interface ChannelEvents {
  message(m: Received): void;
  /** Bad framing, or the stream ended in the middle of a message: the channel is closed. */
  broken(error: Error): void;
  /** The other side closed the stream cleanly. */
  ended(): void;
}

/**
 * Both ends of the host protocol over one stream socket (the display's end of the socket pair, or
 * the host's fd 3). A payload is written as it is, after its head, with the socket corked so both
 * go out in one `writev`: the pixels are never copied into a joined buffer on the way out.
 */
export function createChannel(socket: Duplex, on: ChannelEvents) {
  const decoder = new MessageDecoder();
  let open = true;

  const fail = (e: Error) => {
    if (!open) return;
    open = false;
    socket.destroy();
    on.broken(e);
  };

  socket.on('data', (chunk: Buffer) => {
    if (!open) return;
    let messages: Received[];
    try {
      messages = decoder.push(chunk);
    } catch (e) {
      return fail(e as Error);
    }
    for (const m of messages) if (open) on.message(m);
  });
  socket.on('end', () => {
    if (!open) return;
    if (decoder.pending > 0) return fail(new ProtocolError(`stream ended ${decoder.pending} bytes into a message`));
    open = false;
    on.ended();
  });
  socket.on('close', () => {
    if (open) ((open = false), on.ended());
  });
  // A write to a peer that went away surfaces here; 'close' follows and reports it.
  socket.on('error', () => {});

  return {
    /** Sends one message; `sent` is called once the payload is handed to the kernel and may be reused. */
    send(header: Message, payload?: Uint8Array, sent?: () => void): boolean {
      if (!open) return false;
      const head = encodeHead(header, payload?.length ?? 0);
      if (!payload?.length) {
        socket.write(head, sent && (() => sent()));
        return true;
      }
      socket.cork();
      socket.write(head);
      socket.write(payload, sent && (() => sent()));
      socket.uncork();
      return true;
    },
    /**
     * Holds what is sent until `release()` (calls nest), so messages of one answer go out in one
     * write: the other side wakes once for them.
     */
    hold() {
      socket.cork();
    },
    release() {
      socket.uncork();
    },
    close() {
      if (!open) return;
      open = false;
      socket.end();
    },
    destroy() {
      open = false;
      socket.destroy();
    },
    isOpen: () => open,
    counts: () => ({ ...decoder.counts }),
  };
}

export type Channel = ReturnType<typeof createChannel>;
