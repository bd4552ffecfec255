/** The web process: `npm start`. Starts the HTTP server and supervises the display process. */
import { loadSettings } from './hono.config.ts';
import { SettingsError } from './core/platform/settings/load.ts';
import { startWebProcess } from './core/app/web.ts';
import { onSignals } from './core/app/shutdown.ts';
import { systemClock } from './core/platform/clock.ts';
import { createWebLog } from './core/platform/index.ts';

// EX_CONFIG: the service manager sees a configuration problem, not a crash.
const EXIT_CONFIG = 78;

try {
  const settings = loadSettings();
  const { log, logs } = createWebLog(settings, systemClock);
  const starting = startWebProcess({
    settings,
    log,
    logs,
    // A crash's error is kept with this run, for safe mode to report.
    onRun: (run) => process.on('uncaughtExceptionMonitor', (e) => run.dying(e)),
  });
  // Installed before the server listens: until then a signal's default action kills the process
  // outright, skipping the orderly shutdown, even after "listening" has been announced.
  onSignals(async (reason) => (await starting).shutdown(reason), log);
  await starting;
} catch (e) {
  if (e instanceof SettingsError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  throw e;
}
