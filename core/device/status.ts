/**
 * `GET /api/v3/system/status`: LEDMatrix's fields (uptime, CPU, memory, disk, `cpu_temp`) and
 * Marquee's beside them (load averages, the Pi's throttling and under-voltage flags, versions,
 * whether it runs as a service). Cheap to ask often: the answer is kept for a few seconds, callers
 * meanwhile share one reading, and every reading is time-bounded (readings.ts).
 */
import os from 'node:os';
import type { Platform } from '../platform/index.ts';
import { boardModel, cpuSample, cpuTemperature, diskUsage, throttleFlags } from './readings.ts';
import { serviceInstall } from './service-install.ts';

export const STATUS_CACHE_MS = 5_000;

const MB = 1024 * 1024;
const GB = 1024 * MB;
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
const percent = (part: number, whole: number) => (whole > 0 ? round((100 * part) / whole) : 0);

/** `3 days, 4:05:06`, as Python's timedelta prints an uptime (LEDMatrix's `uptime`). */
export function uptimeText(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hms = [Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60), s % 60];
  const clock = `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}`;
  return days ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
}

type StatusDeps = Pick<Platform, 'settings' | 'clock' | 'version'> & {
  /** Whether a display process is running (LEDMatrix's `service_active`). */
  displayActive: () => boolean;
};

async function read(deps: StatusDeps, cpu: { busy: number; total: number }) {
  const { settings } = deps;
  const [temp, throttling, model, disk] = await Promise.all([
    cpuTemperature(settings.device.thermalFile),
    throttleFlags(settings.device.throttledFile, settings.device.vcgencmd),
    boardModel(settings.display.boardModelFile),
    diskUsage(settings.dataDir),
  ]);
  const now = cpuSample();
  const [total, free] = [os.totalmem(), os.freemem()];
  const uptime = os.uptime();
  return {
    timestamp: new Date(deps.clock.now()).toISOString(),
    uptime: uptimeText(uptime),
    uptime_seconds: Math.floor(uptime),
    service_active: deps.displayActive(),
    cpu_percent: percent(now.busy - cpu.busy, now.total - cpu.total),
    memory_used_percent: percent(total - free, total),
    memory_total_mb: Math.round(total / MB),
    memory_used_mb: Math.round((total - free) / MB),
    cpu_temp: temp,
    disk_used_percent: disk ? percent(disk.used, disk.total) : null,
    disk_total_gb: disk ? round(disk.total / GB, 2) : null,
    disk_used_gb: disk ? round(disk.used / GB, 2) : null,
    load_average: os.loadavg().map((n) => round(n, 2)),
    cpu_count: os.cpus().length,
    temperature_c: temp,
    throttling,
    board: model,
    versions: { marquee: deps.version, node: process.versions.node },
    process: { uptime_seconds: Math.floor(process.uptime()), rss_mb: Math.round(process.memoryUsage.rss() / MB) },
    service: serviceInstall(settings),
    sample: now,
  };
}

export type DeviceStatus = Omit<Awaited<ReturnType<typeof read>>, 'sample'>;

/** The status service: `get()` answers from a reading at most STATUS_CACHE_MS old. */
export function createDeviceStatus(deps: StatusDeps) {
  // CPU percent is the load between two readings: the first is compared with this one.
  let cpu = cpuSample();
  let cached: { at: number; value: Promise<DeviceStatus> } | null = null;
  return {
    get(): Promise<DeviceStatus> {
      const now = deps.clock.now();
      if (cached && now - cached.at < STATUS_CACHE_MS) return cached.value;
      const value = read(deps, cpu).then(({ sample, ...status }) => ((cpu = sample), status));
      cached = { at: now, value };
      // A failed reading is not kept: the next caller tries again.
      value.catch(() => (cached = null));
      return value;
    },
  };
}

export type DeviceStatusService = ReturnType<typeof createDeviceStatus>;
