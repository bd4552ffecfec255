import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseThrottled } from '../../core/device/throttled.ts';
import { uptimeText, STATUS_CACHE_MS } from '../../core/device/status.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

/** Files and a vcgencmd stand-in as a Raspberry Pi has them. */
function fakePi(o: { temp?: string; throttled?: string; vcgencmd?: string } = {}) {
  const dir = tempDir();
  const file = (name: string, text?: string) => {
    const p = path.join(dir, name);
    if (text !== undefined) fs.writeFileSync(p, text);
    return p;
  };
  const vcgencmd = path.join(dir, 'vcgencmd');
  fs.writeFileSync(vcgencmd, `#!/bin/sh\n${o.vcgencmd ?? 'exit 1'}\n`, { mode: 0o755 });
  return {
    'device.thermalFile': file('temp', o.temp),
    'device.throttledFile': file('get_throttled', o.throttled),
    'device.vcgencmd': vcgencmd,
    'display.boardModelFile': file('model', 'Raspberry Pi 4 Model B Rev 1.4\0'),
  };
}

const status = async (overrides: Record<string, unknown> = {}) => {
  const deps = testDeps(overrides);
  const { app } = await testApp(deps);
  const res = await app.request('/api/v3/system/status');
  expect(res.status).toBe(200);
  return { data: (await res.json()).data, app, deps };
};

describe('GET /api/v3/system/status', () => {
  it("answers LEDMatrix's fields and Marquee's on this machine", async () => {
    const { data } = await status({
      'device.thermalFile': '/nonexistent/temp',
      'device.throttledFile': '/nonexistent/throttled',
      'device.vcgencmd': '/nonexistent/vcgencmd',
    });
    expect(data).toMatchObject({
      timestamp: expect.any(String),
      uptime: expect.stringMatching(/^(\d+ days?, )?\d+:\d\d:\d\d$/),
      uptime_seconds: expect.any(Number),
      service_active: false,
      cpu_percent: expect.any(Number),
      memory_total_mb: expect.any(Number),
      memory_used_mb: expect.any(Number),
      disk_total_gb: expect.any(Number),
      disk_used_gb: expect.any(Number),
      cpu_temp: null,
      temperature_c: null,
      throttling: null,
      load_average: [expect.any(Number), expect.any(Number), expect.any(Number)],
      versions: { marquee: '0.1.0', node: process.versions.node },
      service: { installed: false, manager: null },
    });
    expect(data.memory_used_percent).toBeGreaterThan(0);
    expect(data.memory_used_percent).toBeLessThanOrEqual(100);
    expect(data.disk_used_percent).toBeGreaterThanOrEqual(0);
    expect(data.cpu_percent).toBeGreaterThanOrEqual(0);
    expect(data.cpu_percent).toBeLessThanOrEqual(100);
  });

  it("on a faked Pi reads the temperature, the throttling flags and the board's model", async () => {
    const { data } = await status(fakePi({ temp: '61234\n', throttled: '50005\n' }));
    expect(data.cpu_temp).toBe(61.2);
    expect(data.temperature_c).toBe(61.2);
    expect(data.board).toBe('Raspberry Pi 4 Model B Rev 1.4');
    expect(data.throttling).toEqual({
      raw: '0x50005',
      under_voltage: true,
      freq_capped: false,
      throttled: true,
      soft_temp_limit: false,
      under_voltage_occurred: true,
      freq_capped_occurred: false,
      throttled_occurred: true,
      soft_temp_limit_occurred: false,
    });
  });

  it('asks vcgencmd when the firmware file is missing, and gives up on a hung one within a second', async () => {
    const asked = await status(fakePi({ vcgencmd: 'echo "throttled=0x80008"' }));
    expect(asked.data.throttling).toMatchObject({
      raw: '0x80008',
      soft_temp_limit: true,
      soft_temp_limit_occurred: true,
    });
    // Answered once the command's timeout stops it, well within this test's own limit (a 30 s
    // sleep would outlast it).
    const hung = await status(fakePi({ vcgencmd: 'sleep 30' }));
    expect(hung.data.throttling).toBeNull();
  }, 20_000);

  it('answers from a reading at most a few seconds old', async () => {
    const pi = fakePi({ temp: '50000' });
    const { app, deps } = await status(pi);
    fs.writeFileSync(pi['device.thermalFile'], '70000');
    const again = (await (await app.request('/api/v3/system/status')).json()).data;
    expect(again.cpu_temp).toBe(50);
    deps.clock.advance(STATUS_CACHE_MS);
    const later = (await (await app.request('/api/v3/system/status')).json()).data;
    expect(later.cpu_temp).toBe(70);
  });
});

describe('reading the throttling word', () => {
  it.each([
    ['throttled=0x0', '0x0', false],
    ['0x1', '0x1', true],
    ['10001', '0x10001', true],
  ])('%s', (text, raw, underVoltage) => {
    expect(parseThrottled(text)).toMatchObject({ raw, under_voltage: underVoltage });
  });

  it('is null for anything else', () => {
    expect(parseThrottled('error=1 error_msg="Command not registered"')).toBeNull();
  });

  it.each([
    [59, '0:00:59'],
    [3_661, '1:01:01'],
    [86_400 + 5, '1 day, 0:00:05'],
    [3 * 86_400, '3 days, 0:00:00'],
  ])('uptime %i s reads %s', (s, text) => expect(uptimeText(s)).toBe(text));
});
