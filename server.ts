/** The web process: `npm start`. Starts the HTTP server and supervises the display process. */
import { loadSettings } from './hono.config.ts';
import { SettingsError } from './core/settings/load.ts';
import { startWebProcess } from './core/service/web-process.ts';
import { onSignals } from './core/service/shutdown.ts';
import { systemClock } from './core/service/clock.ts';
import { createLogger } from './core/service/logger.ts';

// EX_CONFIG: the service manager sees a configuration problem, not a crash.
const EXIT_CONFIG = 78;

try {
  const settings = loadSettings();
  const log = createLogger({ level: settings.logLevel, clock: systemClock, base: { proc: 'web' } });
  const starting = startWebProcess({ settings, log });
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
