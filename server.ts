/** The web process: `npm start`. Starts the HTTP server and supervises the display process. */
import { loadSettings } from './hono.config.ts';
import { SettingsError } from './core/settings/load.ts';
import { startWebProcess } from './core/service/web-process.ts';
import { onSignals } from './core/service/shutdown.ts';

// EX_CONFIG: the service manager sees a configuration problem, not a crash.
const EXIT_CONFIG = 78;

try {
  const settings = loadSettings();
  const web = await startWebProcess({ settings });
  onSignals(web.shutdown, web.deps.log);
} catch (e) {
  if (e instanceof SettingsError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  throw e;
}
