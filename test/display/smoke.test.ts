import { describe, expect, it } from 'vitest';
import { startRuntime } from '../support/display.ts';

describe('smoke', () => {
  it('shows an enabled plugin', async () => {
    const h = await startRuntime({ plugins: { red: {} }, config: { red: { enabled: true, color: [255, 0, 0] } } });
    await h.until(() => h.pixel()[0] === 255, 5000, 'red');
    expect(h.runtime.loop.status()).toMatchObject({ state: 'showing', plugin_id: 'red' });
  });
});
