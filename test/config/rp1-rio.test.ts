import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCoreSections } from '../../core/config/schema/validate-core.ts';
import { setup } from './helpers.ts';

// The bundled panel library cannot drive a Raspberry Pi 5, so LEDMatrix's Pi 5 option would do nothing.
describe('display.runtime.rp1_rio', () => {
  it.each([0, 1, true, 'rio'])('is refused with the reason whatever its value (%j)', (value) => {
    const [problem, ...rest] = validateCoreSections({ display: { runtime: { rp1_rio: value } } }, ['display']);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ field: 'display.runtime.rp1_rio', received: JSON.stringify(value) });
    expect(problem!.expected).toMatch(/cannot drive a Raspberry Pi 5, so it would do nothing; remove it/);
  });

  it('absent, the runtime section is accepted', () => {
    expect(validateCoreSections({ display: { runtime: { gpio_slowdown: 4 } } }, ['display'])).toEqual([]);
  });

  it('a save carrying it is refused with the field, the reason and the value, and changes nothing', async () => {
    const s = await setup();
    const before = s.snapshot();
    const res = await s.call('POST', '/api/v3/config/main', { display: { runtime: { gpio_slowdown: 2, rp1_rio: 0 } } });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('CONFIG_VALIDATION_FAILED');
    expect(res.body.context.problems).toEqual([
      expect.objectContaining({
        field: 'display.runtime.rp1_rio',
        expected: expect.stringMatching(/Raspberry Pi 5/),
        received: '0',
      }),
    ]);
    expect(s.snapshot()).toEqual(before);
    const ok = await s.call('POST', '/api/v3/config/main', { display: { runtime: { gpio_slowdown: 2 } } });
    expect(ok.status).toBe(200);
    expect(s.readMain().display.runtime).toEqual({ gpio_slowdown: 2 });
  });

  it('put there by hand, it is reported by health as a value Marquee does not accept', async () => {
    const s = await setup();
    const main = s.readMain();
    main.display.runtime = { gpio_slowdown: 3, rp1_rio: 0 };
    fs.writeFileSync(s.deps.config.paths.main, JSON.stringify(main));
    const future = new Date(Date.now() + 5_000);
    fs.utimesSync(s.deps.config.paths.main, future, future);
    s.deps.clock.advance(2_000);
    const health = (await s.call('GET', '/api/v3/health')).body.data;
    expect(health.checks.config.status).toBe('degraded');
    expect(health.checks.config.detail).toContain('display.runtime.rp1_rio');
  });
});
