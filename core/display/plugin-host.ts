import { Worker } from 'node:worker_threads';
import type { Logger } from '../platform/log.ts';
import type { DesiredPlugin } from './desired-state.ts';
import type { FromWorker, RenderInfo, WorkerInit } from './worker/protocol.ts';

export interface HostLimits {
  loadMs: number;
  renderMs: number;
  /** Extra time after an update's own deadline before its thread is terminated. */
  updateGraceMs: number;
  /** A thread whose heartbeat is older than this while it works is treated as blocked. */
  blockedMs: number;
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
  cacheValueBytes: number;
  cacheEntries: number;
}

export interface Outcome {
  ok: boolean;
  error?: string;
  ms: number;
  /** From update(): the plugin asks to be updated again this soon. */
  retryInMs?: number;
}
export interface RenderOutcome extends Outcome {
  drew: boolean;
  clipped: number;
  /** The drawn pixels; valid until the next render call. */
  pixels?: Uint8Array;
}
export interface ReadyInfo {
  modes: string[] | null;
  fps: number | null;
  hasUpdate: boolean;
  hasLive: boolean;
}

export interface HostEvents {
  cache(key: string, value: string | null, expiresAt: number | null): void;
  live(value: boolean): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
  /** The thread was terminated or died; `settled` says whether a request carried the failure already. */
  died(reason: string, settled: boolean): void;
}

type Pending = { resolve(m: FromWorker | null, error?: string): void; timer: NodeJS.Timeout };

/**
 * One plugin's worker thread: requests with deadlines, and termination when one is missed or the
 * thread fails. Every request settles exactly once; a dead thread settles all of them as failures.
 */
export function createPluginHost(opts: {
  plugin: DesiredPlugin;
  width: number;
  height: number;
  script: string;
  limits: HostLimits;
  cache: WorkerInit['cache'];
  log: Logger;
  on: HostEvents;
}) {
  const { limits } = opts;
  const beat = new SharedArrayBuffer(8);
  const beatView = new Float64Array(beat);
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let seq = 0;
  let buf: ArrayBuffer | null = null;
  let updating = false;
  let deathReason: string | null = null;

  function settleAll(reason: string) {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(null, reason);
    }
  }

  function kill(reason: string, requested = false) {
    const w = worker;
    if (!w) return;
    deathReason = reason;
    worker = null;
    updating = false;
    const settled = pending.size > 0;
    settleAll(reason);
    void w.terminate();
    if (!requested) opts.on.died(reason, settled);
  }

  function request<T extends FromWorker>(msg: object, timeoutMs: number, what: string, transfer: ArrayBuffer[] = []) {
    return new Promise<{ reply: T | null; error?: string }>((resolve) => {
      if (!worker) return resolve({ reply: null, error: deathReason ?? 'worker not running' });
      const id = ++seq;
      const timer = setTimeout(() => kill(`${what} missed its deadline of ${timeoutMs} ms`), timeoutMs);
      pending.set(id, { timer, resolve: (m, error) => resolve({ reply: m as T | null, error }) });
      worker.postMessage({ ...msg, id }, transfer);
    });
  }

  function onMessage(m: FromWorker) {
    if (m.t === 'updated' || m.t === 'rendered') {
      const p = pending.get(m.id);
      if (!p) return;
      clearTimeout(p.timer);
      pending.delete(m.id);
      p.resolve(m);
    } else if (m.t === 'cache') opts.on.cache(m.key, m.value, m.expiresAt);
    else if (m.t === 'live') opts.on.live(m.value);
    else if (m.t === 'log') opts.on.log(m.level, m.msg, m.fields);
    else if (m.t === 'fatal') kill(m.error);
  }

  return {
    /** Starts the thread and loads the plugin; rejects with the reason when it cannot. */
    start(): Promise<ReadyInfo> {
      deathReason = null;
      const init: WorkerInit = {
        pluginId: opts.plugin.id,
        entry: opts.plugin.entry!,
        dir: opts.plugin.dir,
        manifest: opts.plugin.manifest,
        config: opts.plugin.config,
        width: opts.width,
        height: opts.height,
        host: opts.plugin.host,
        cache: opts.cache,
        beat,
        limits: { cacheValueBytes: limits.cacheValueBytes, cacheEntries: limits.cacheEntries },
      };
      const w = new Worker(opts.script, {
        workerData: init,
        resourceLimits: {
          maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
          maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
          stackSizeMb: limits.stackSizeMb,
        },
        name: `plugin:${opts.plugin.id}`,
      });
      worker = w;
      return new Promise<ReadyInfo>((resolve, reject) => {
        const timer = setTimeout(() => fail(`loading took longer than ${limits.loadMs} ms`), limits.loadMs);
        const fail = (reason: string) => {
          clearTimeout(timer);
          if (worker === w) kill(reason);
          reject(new Error(reason));
        };
        w.on('message', (m: FromWorker) => {
          if (m.t === 'ready') {
            clearTimeout(timer);
            resolve({ modes: m.modes, fps: m.fps, hasUpdate: m.hasUpdate, hasLive: m.hasLive });
          } else if (m.t === 'fatal') fail(m.error);
          else onMessage(m);
        });
        w.on('error', (e) => (worker === w ? fail(`thread failed: ${e.message}`) : undefined));
        w.on('exit', (code) => (worker === w ? fail(`thread exited with code ${code}`) : undefined));
      });
    },

    update(deadlineMs: number): Promise<Outcome> {
      if (updating) return Promise.resolve({ ok: false, error: 'update already running', ms: 0 });
      updating = true;
      const t0 = performance.now();
      return request<Extract<FromWorker, { t: 'updated' }>>(
        { t: 'update', deadlineMs },
        deadlineMs + limits.updateGraceMs,
        'update',
      ).then(({ reply, error }) => {
        updating = false;
        return reply
          ? { ok: reply.ok, error: reply.error, ms: reply.ms, retryInMs: reply.retryInMs }
          : { ok: false, error, ms: performance.now() - t0 };
      });
    },

    async render(info: RenderInfo): Promise<RenderOutcome> {
      const t0 = performance.now();
      const out = buf ?? new ArrayBuffer(opts.width * opts.height * 3);
      buf = null;
      const { reply, error } = await request<Extract<FromWorker, { t: 'rendered' }>>(
        { t: 'render', info, buf: out },
        limits.renderMs,
        'render',
        [out],
      );
      if (!reply) return { ok: false, drew: false, error, ms: performance.now() - t0, clipped: 0 };
      buf = reply.buf;
      return {
        ok: reply.ok,
        drew: reply.drew,
        error: reply.error,
        ms: reply.ms,
        clipped: reply.clipped,
        pixels: new Uint8Array(reply.buf),
      };
    },

    configure(config: Record<string, unknown>) {
      worker?.postMessage({ t: 'config', config });
    },

    /** Whether the thread's event loop is turning (a spinning update stops its heartbeat). */
    responsive: () => worker !== null && Date.now() - beatView[0]! <= limits.blockedMs,
    running: () => worker !== null,
    updating: () => updating,
    stop: (reason = 'stopped') => kill(reason, true),
  };
}

export type PluginHost = ReturnType<typeof createPluginHost>;
