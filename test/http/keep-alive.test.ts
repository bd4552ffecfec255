/**
 * The app behind the real node server on loopback, spoken to over a raw socket: answers carry
 * their length and keep the connection open, pipelined requests are answered in order, a HEAD
 * is answered without a body, and a large cached document (built from its bytes)
 * arrives whole.
 */
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../core/http/server.ts';
import { testApp, testDeps } from '../support/deps.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');
let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const deps = testDeps({ host: '127.0.0.1', port: 0 });
  const { app } = await testApp(deps, [FIXTURE_ROUTES]);
  server = await listen(app, deps.settings);
  return new URL(server.url);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Reads `count` answers from a socket, using Content-Length to find where each ends. */
function readAnswers(socket: net.Socket, count: number, heads: boolean[]): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: Answer[] = [];
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        const length = heads[out.length] ? 0 : Number(headers['content-length']);
        if (buf.length < end + 4 + length) return;
        out.push({ status: Number(statusLine!.split(' ')[1]), headers, body: buf.subarray(end + 4, end + 4 + length) });
        buf = buf.subarray(end + 4 + length);
        if (out.length === count) return resolve(out);
      }
    });
  });
}

describe('over a real connection', () => {
  it('pipelined requests on one kept-alive connection are answered in order, whole, with their lengths', async () => {
    const url = await start();
    const socket = net.connect(Number(url.port), url.hostname);
    const host = `Host: ${url.host}\r\n`;
    const requests = [
      ['GET', '/test/serialized?n=5000'],
      ['HEAD', '/test/serialized?n=5000'],
      ['GET', '/test/serialized?n=3'],
      ['GET', '/api/v3/system/version'],
    ] as const;
    const answers = readAnswers(
      socket,
      requests.length,
      requests.map(([m]) => m === 'HEAD'),
    );
    socket.write(requests.map(([m, p]) => `${m} ${p} HTTP/1.1\r\n${host}X-Request-Id: req-${m}\r\n\r\n`).join(''));
    const [large, head, small, version] = await answers;
    socket.end();

    for (const a of [large, head, small, version]) {
      expect(a!.status).toBe(200);
      expect(a!.headers['connection']).toBe('keep-alive');
      expect(a!.headers['x-content-type-options']).toBe('nosniff');
    }
    const doc = JSON.parse(large!.body.toString('utf8'));
    expect(doc.data.items).toHaveLength(5000);
    expect(doc.data.items[4999]).toEqual({ id: 'entry-4999', note: 'é'.repeat(40), i: 4999 });
    expect(doc.metadata).toMatchObject({ count: 5000, request_id: 'req-GET' });
    expect(Number(large!.headers['content-length'])).toBe(large!.body.length);
    expect(head!.headers['content-type']).toBe(large!.headers['content-type']);
    expect(head!.body.length).toBe(0);
    expect(JSON.parse(small!.body.toString('utf8')).data.items).toHaveLength(3);
    expect(JSON.parse(version!.body.toString('utf8')).data.version).toBe('0.1.0');
  });
});
