import { describe, expect, it } from 'vitest';
import { MASK, setup } from './helpers.ts';

describe('GET /api/v3/config/backups/:id', () => {
  it('is the backup as one configuration, with every secret masked', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/config/main', { github: { api_token: 'ghp_SECRET_1' } });
    await s.call('POST', '/api/v3/config/main', { display: { hardware: { brightness: 40 } } });
    await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { api_key: 'KEY-9', city: 'Oslo' },
    });
    const [latest, , first] = (await s.call('GET', '/api/v3/config/backups')).body.data.backups as Array<{
      id: string;
    }>;
    // Kept before the plugin save: brightness 40, the token set, weather not yet configured.
    const before = await s.call('GET', `/api/v3/config/backups/${latest!.id}`);
    expect(before.status).toBe(200);
    expect(before.body.data.display.hardware.brightness).toBe(40);
    expect(before.body.data.github.api_token).toBe(MASK);
    expect(before.text).not.toContain('ghp_SECRET_1');
    // Kept before the token was saved: no token at all.
    const oldest = await s.call('GET', `/api/v3/config/backups/${first!.id}`);
    expect(oldest.body.data.github?.api_token ?? '').not.toBe(MASK);
    const now = await s.call('GET', '/api/v3/config/main');
    expect(now.body.data.weather.api_key).toBe(MASK);
    expect(now.text).not.toContain('KEY-9');
  });

  it('a malformed id is a 400 naming it; an unknown one a 404; nothing changes', async () => {
    const s = await setup();
    const before = s.snapshot();
    const bad = await s.call('GET', '/api/v3/config/backups/..%2Fconfig');
    expect(bad.status).toBe(400);
    expect(bad.body.context.problems[0]).toMatchObject({ in: 'params', field: 'id' });
    const missing = await s.call('GET', '/api/v3/config/backups/20260101T000000000Z-0000');
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('CONFIG_BACKUP_NOT_FOUND');
    expect(s.snapshot()).toEqual(before);
  });
});
