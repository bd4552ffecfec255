/**
 * Whether this machine can run each kind of plugin. Marquee's own (node) always can; LEDMatrix's
 * Python plugins need the interpreter, its venv module and Pillow (core/hosts/python/runtime-check.ts).
 * The probe starts a process, so its verdict is kept for a minute: a browse or an install reads
 * it, and packages installed meanwhile are noticed within that minute.
 */
import { isAppError } from '../platform/errors/app-error.ts';
import type { AppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import { checkPythonRuntime } from '../hosts/python/runtime-check.ts';
import type { PluginRuntime } from './package/manifest.ts';

export interface RuntimeVerdict {
  runnable: boolean;
  /** In human words, naming the Debian packages to install; null when runnable. */
  reason: string | null;
  /** The refusal to throw (PLUGIN_RUNTIME_MISSING); null when runnable. */
  error: AppError | null;
}

export interface RuntimeSupport {
  /** The verdict, probing again when the last one is older than `maxAgeMs`. */
  check(runtime: PluginRuntime): Promise<RuntimeVerdict>;
  /** The last verdict without probing (null before the first probe). */
  known(runtime: PluginRuntime): RuntimeVerdict | null;
  /** Throws PLUGIN_RUNTIME_MISSING when the machine cannot run `runtime`. */
  assert(runtime: PluginRuntime): Promise<void>;
}

const RUNNABLE: RuntimeVerdict = { runnable: true, reason: null, error: null };
const MAX_AGE_MS = 60_000;

export function createRuntimeSupport(deps: Pick<Platform, 'settings' | 'clock'>): RuntimeSupport {
  let last: { at: number; verdict: RuntimeVerdict } | null = null;
  let probing: Promise<RuntimeVerdict> | null = null;
  const probe = async (): Promise<RuntimeVerdict> => {
    try {
      await checkPythonRuntime(deps.settings.python.interpreter);
      return RUNNABLE;
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { runnable: false, reason: e.message, error: e };
    }
  };
  const python = async () => {
    if (last && deps.clock.now() - last.at < MAX_AGE_MS) return last.verdict;
    // Callers at the same moment share one probe.
    probing ??= probe().finally(() => (probing = null));
    const verdict = await probing;
    last = { at: deps.clock.now(), verdict };
    return verdict;
  };
  const support: RuntimeSupport = {
    check: async (runtime) => (runtime === 'python' ? python() : RUNNABLE),
    known: (runtime) => (runtime === 'python' ? (last?.verdict ?? null) : RUNNABLE),
    async assert(runtime) {
      const verdict = await support.check(runtime);
      if (verdict.error) throw verdict.error;
    },
  };
  return support;
}
