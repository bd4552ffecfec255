/**
 * Whether this machine can run each kind of plugin. Marquee's own (node) always can; LEDMatrix's
 * Python plugins need the interpreter, its venv module and Pillow (core/hosts/python/runtime-check.ts).
 * The probe starts a process, so its verdict is kept: only the first question waits for it (the web
 * process asks at start); a verdict older than a minute is answered and asked again behind it, so
 * packages installed meanwhile are noticed on the next question.
 */
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
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
  /** The verdict: the first one waits for the probe; later ones answer at once and refresh an old one behind. */
  check(runtime: PluginRuntime): Promise<RuntimeVerdict>;
  /** The last verdict without probing (null before the first probe). */
  known(runtime: PluginRuntime): RuntimeVerdict | null;
  /** Throws PLUGIN_RUNTIME_MISSING when the machine cannot run `runtime` (by a verdict less than a minute old). */
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
      // Never rejects: a probe runs unawaited behind a browse. An interpreter answering nonsense cannot run plugins either.
      const error = isAppError(e)
        ? e
        : new AppError('PLUGIN_RUNTIME_MISSING', {
            message: `This machine cannot run Python plugins: ${deps.settings.python.interpreter} did not answer as expected`,
            details: describeError(e),
          });
      return { runnable: false, reason: error.message, error };
    }
  };
  const probeNow = () =>
    // Callers at the same moment share one probe.
    (probing ??= probe()
      .then((verdict) => ((last = { at: deps.clock.now(), verdict }), verdict))
      .finally(() => (probing = null)));
  const python = async (): Promise<RuntimeVerdict> => {
    if (!last) return probeNow();
    // An old verdict is answered at once and asked again behind it: a browse never waits for a probe.
    if (deps.clock.now() - last.at >= MAX_AGE_MS) void probeNow();
    return last.verdict;
  };
  const support: RuntimeSupport = {
    check: async (runtime) => (runtime === 'python' ? python() : RUNNABLE),
    known: (runtime) => (runtime === 'python' ? (last?.verdict ?? null) : RUNNABLE),
    // An install may wait for a fresh verdict: it is about to download, and a stale refusal would be wrong.
    async assert(runtime) {
      if (runtime !== 'python') return;
      const verdict = last && deps.clock.now() - last.at < MAX_AGE_MS ? last.verdict : await probeNow();
      if (verdict.error) throw verdict.error;
    },
  };
  return support;
}
