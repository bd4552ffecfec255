/**
 * Load from wrk (a C load generator in its own process, `/usr/bin/wrk`): it needs a fraction of
 * the CPU that autocannon does for the same rate, so a server answering 20,000 requests a second
 * is measured, not the load generator.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';

export const WRK = '/usr/bin/wrk';
export const hasWrk = () => fs.existsSync(WRK);

export interface WrkResult {
  requestsPerSec: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Socket errors and non-2xx/3xx answers. */
  errors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`wrk: cannot read a latency from ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function parseWrk(out: string): WrkResult {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /^\s+50%\s+(\S+)/m.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  if (!rate || !p50 || !p99) throw new Error(`wrk: unexpected output\n${out}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errors = (socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0) + Number(non2xx?.[1] ?? 0);
  return { requestsPerSec: Number(rate[1]), p50: ms(p50[1]!), p99: ms(p99[1]!), errors };
}

/** `connections` keep-alive connections over `threads` threads for `durationS` seconds. */
export function wrk(
  url: string,
  opts: { connections: number; durationS: number; threads?: number; headers?: Record<string, string> },
): Promise<WrkResult> {
  if (!hasWrk()) throw new Error(`${WRK} is needed for this scenario (apt-get install wrk)`);
  const threads = Math.min(opts.threads ?? 2, opts.connections);
  const args = ['-t', String(threads), '-c', String(opts.connections), '-d', `${opts.durationS}s`, '--latency'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  return new Promise((resolve, reject) =>
    execFile(WRK, [...args, url], { timeout: (opts.durationS + 30) * 1000 }, (e, stdout) =>
      e ? reject(e) : resolve(parseWrk(stdout)),
    ),
  );
}
