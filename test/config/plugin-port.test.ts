import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configServicePort } from '../../core/plugins/config-service-port.ts';
import { setup } from './helpers.ts';

describe('the config store as plugin lifecycle uses it', () => {
  it('snapshots, removes and restores a plugin section in both files, each step backed up', async () => {
    const s = await setup();
    const config = { city: 'Nice', accounts: [{ name: 'a', token: 'TOK-1' }], api_key: 'KEY-1' };
    expect((await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config })).status).toBe(200);
    const before = s.snapshot();
    const port = configServicePort(s.deps.config, new AbortController().signal);
    const snap = await port.snapshot('weather');
    expect(snap).toEqual({
      pluginId: 'weather',
      config: { city: 'Nice', accounts: [{ name: 'a' }] },
      secrets: { api_key: 'KEY-1', accounts: [{ token: 'TOK-1' }] },
    });
    await port.removeSection('weather');
    await port.removeSection('weather');
    expect(s.readMain().weather).toBeUndefined();
    expect(s.readSecrets().weather).toBeUndefined();
    await port.restore(snap);
    const after = s.snapshot();
    expect([after.main, after.secrets]).toEqual([before.main, before.secrets]);
    // The save, one removal (the second had nothing to remove), the restore.
    expect(s.deps.config.backups()).toHaveLength(3);
  });

  it('a section absent at the snapshot is absent after a restore; a restore completes even after an abort', async () => {
    const s = await setup();
    const ctrl = new AbortController();
    const port = configServicePort(s.deps.config, ctrl.signal);
    const snap = await port.snapshot('weather');
    expect(snap).toEqual({ pluginId: 'weather' });
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Half-installed' } });
    ctrl.abort();
    await expect(port.removeSection('weather')).rejects.toThrow();
    await port.restore(snap);
    expect(s.readMain().weather).toBeUndefined();
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).not.toContain('Half-installed');
  });
});
