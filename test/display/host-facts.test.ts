import { preparePlugins } from '../../core/plugins/startup.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostFacts } from '../../core/display/desired-state.ts';
import { startRuntime, writePlugin } from '../support/display.ts';

const ECHO = path.join(import.meta.dirname, '../fixtures/plugins/host-echo/plugin.js');

describe('host facts given to plugins', () => {
  it('come from config.json (time zone, location) and the settings (web address)', () => {
    const web = { host: '0.0.0.0', port: 8080 };
    expect(hostFacts({ timezone: 'Asia/Tokyo', location: { city: 'Osaka', lat: 34.7 } }, web)).toEqual({
      web,
      timezone: 'Asia/Tokyo',
      location: { city: 'Osaka', lat: 34.7 },
    });
    const fallback = hostFacts({ timezone: 'Not/AZone' });
    expect(fallback.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    expect(fallback.location).toEqual({});
    expect(fallback.web).toEqual({ host: '127.0.0.1', port: 5000 });
  });

  it('reach a running plugin, which is restarted when they change', async () => {
    const h = await startRuntime({ settings: { port: 4321 } });
    writePlugin(h.settings.pluginsDir, 'echo', {}, ECHO);
    // The display runs what plugin_state lists: discovery records the new folder, as at a web start.
    await preparePlugins(h.webDeps);
    h.setConfig({ timezone: 'UTC', echo: { enabled: true } });
    await h.until(() => h.pixel()[1] === 255, 5000, 'the web port in the frame');
    expect(h.pixel()).toEqual([0, 255, 0]);
    h.setConfig({ timezone: 'Asia/Tokyo', location: { city: 'Tokyo' }, echo: { enabled: true } });
    await h.until(() => h.pixel()[0] === 255, 5000, 'the new time zone in the frame');
    expect(h.pixel()).toEqual([255, 255, 255]);
  });
});
