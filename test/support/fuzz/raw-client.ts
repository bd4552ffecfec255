/**
 * One HTTP/1.1 request written byte for byte on its own loopback socket, so the fuzz test can send
 * what no HTTP client library would (odd methods, malformed percent escapes, invalid UTF-8, any
 * Host). The answer is timed to its last byte, or to its headers for an event stream.
 */
import net from 'node:net';

export interface RawRequest {
  method: string;
  /** Request target as sent: path and query, already encoded (or deliberately not). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawAnswer {
  /** 0: the connection ended (or timed out) without a status line. */
  status: number;
  ms: number;
  contentType: string;
  timedOut: boolean;
  /** The body as received (chunked framing included), up to MAX_KEPT bytes. */
  body: string;
}

const MAX_KEPT = 256 * 1024;

function head(req: RawRequest, host: string): Buffer {
  const lines = [`${req.method} ${req.target} HTTP/1.1`];
  const headers: Record<string, string> = { host, connection: 'close', ...req.headers };
  if (req.body) headers['content-length'] = String(req.body.length);
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function parseHead(text: string): { status: number; contentType: string } {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  const contentType = /\r\ncontent-type:\s*([^\r\n]*)/i.exec(text)?.[1] ?? '';
  return { status, contentType };
}

export function sendRaw(port: number, req: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const started = performance.now();
    let received = '';
    let answer: { status: number; contentType: string } | null = null;
    let body = '';
    let settled = false;
    const finish = (timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = answer ?? parseHead(received);
      resolve({ ...parsed, ms: performance.now() - started, timedOut, body: Buffer.from(body, 'latin1').toString() });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('connect', () => {
      socket.write(head(req, req.headers.host ?? `127.0.0.1:${port}`));
      if (req.body) socket.write(req.body);
    });
    socket.on('data', (chunk: Buffer) => {
      if (answer) {
        if (body.length < MAX_KEPT) body += chunk.toString('latin1');
        return;
      }
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      answer = parseHead(received);
      body = received.slice(end + 4);
      // A stream never ends by itself: its answer is its headers.
      if (answer.contentType.startsWith('text/event-stream')) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', () => finish());
  });
}
