/**
 * The device's readings, each time-bounded and never throwing: a missing file or command is a
 * null, not an error (most machines are not a Raspberry Pi). Paths come from settings, so tests
 * can fake a Pi with files of their own.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { parseThrottled, type ThrottleFlags } from './throttled.ts';

const COMMAND_TIMEOUT_MS = 1_000;

const readText = (file: string): Promise<string | null> => fs.readFile(file, 'utf8').catch(() => null);

/** CPU temperature in °C, one decimal, from a thermal zone file (millidegrees). */
export async function cpuTemperature(file: string): Promise<number | null> {
  const text = (await readText(file))?.trim();
  const milli = text ? Number(text) : NaN;
  return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : null;
}

/** Runs a command for at most a second; its stdout, or null when it is missing, fails or hangs. */
function commandOutput(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 }, (e, out) =>
      resolve(e ? null : String(out)),
    );
  });
}

/** The throttling flags from the firmware's sysfs file, else from `vcgencmd get_throttled`; null off a Pi. */
export async function throttleFlags(file: string, vcgencmd: string): Promise<ThrottleFlags | null> {
  const text = (await readText(file)) ?? (await commandOutput(vcgencmd, ['get_throttled']));
  return text === null ? null : parseThrottled(text);
}

/** The board's model (`Raspberry Pi 4 Model B Rev 1.4`), without the device tree's trailing NUL. */
export async function boardModel(file: string): Promise<string | null> {
  const text = await readText(file);
  const model = text?.replace(/\0/g, '').trim();
  return model ? model : null;
}

export async function diskUsage(dir: string): Promise<{ total: number; used: number } | null> {
  try {
    const s = await fs.statfs(dir);
    const total = s.blocks * s.bsize;
    return { total, used: total - s.bfree * s.bsize };
  } catch {
    return null;
  }
}

/** Busy and total CPU time over every core since boot; two samples give the load between them. */
export function cpuSample(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}
