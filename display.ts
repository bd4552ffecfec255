/** The display process: forked by the web process, or alone with `npm run display`. */
import { loadSettings } from './hono.config.ts';
import { SettingsError } from './core/platform/settings/load.ts';
import { startDisplayProcess } from './core/app/display.ts';
import { onSignals } from './core/app/shutdown.ts';

try {
  const display = await startDisplayProcess(loadSettings());
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
