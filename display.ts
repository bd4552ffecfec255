/** The display process: forked by the web process, or alone with `npm run display`. */
import { loadSettings } from './hono.config.ts';
import { SettingsError } from './core/platform/settings/load.ts';
import { startDisplayProcess } from './core/app/display.ts';
import { onSignals } from './core/app/shutdown.ts';

try {
  const display = await startDisplayProcess(loadSettings());
  // A crash's error is kept with this run, for safe mode to report.
  process.on('uncaughtExceptionMonitor', (e) => display.run.dying(e));
  onSignals(display.shutdown, display.log);
  // Forked by web: if the parent goes away without stopping us, stop too rather than linger. A
  // parent that died while this process was loading has already disconnected, and 'disconnect'
  // fired before a listener could be added.
  if (process.send) {
    const parentGone = () => void display.shutdown('parent gone').then(() => process.exit(0));
    if (process.connected) process.once('disconnect', parentGone);
    else parentGone();
  }
} catch (e) {
  if (e instanceof SettingsError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(78);
  }
  throw e;
}
