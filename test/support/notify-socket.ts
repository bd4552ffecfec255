import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { tempDir } from './temp.ts';

const RECEIVER = path.join(PROJECT_ROOT, 'test/fixtures/systemd/notify-receiver.py');
const open: Array<() => void> = [];

afterEach(() => {
  for (const close of open.splice(0)) close();
});

export interface FakeNotifySocket {
  path: string;
  messages: string[];
  /** Resolves with the `count`-th message matching `match` (already received or still to come). */
  waitFor(match: (m: string) => boolean, count?: number, timeoutMs?: number): Promise<string>;
}

/** A fake systemd notify socket (a Python datagram listener) at a fresh path; closed after the test. */
export async function fakeNotifySocket(): Promise<FakeNotifySocket> {
  const socketPath = path.join(tempDir('marquee-notify-'), 'notify.sock');
  const child = spawn('python3', [RECEIVER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  open.push(() => child.kill());
  const messages: string[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = JSON.parse(pending.slice(0, nl)) as { listening?: string; message?: string };
      pending = pending.slice(nl + 1);
      if (line.listening) listening();
      if (line.message !== undefined) messages.push(line.message);
      waiters.forEach((w) => w());
    }
  });
  await ready;
  // Services send after giving up root, as systemd's own socket allows.
  fs.chmodSync(path.dirname(socketPath), 0o755);
  fs.chmodSync(socketPath, 0o666);
  return {
    path: socketPath,
    messages,
    waitFor: (match, count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.filter(match);
          if (found.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found[count - 1]!);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no message matched within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
