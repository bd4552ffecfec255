import { describe, expect, it } from 'vitest';
import { MIN_RETRY_MS } from '../../core/display/plugin-runner.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

const updates = (h: RuntimeHarness) => h.log.lines.filter((l) => l.msg === 'update started').length;

/** Moves the clock in steps (the runner looks a few times a second) and gives the host time to answer. */
async function advance(h: RuntimeHarness, ms: number) {
  for (let left = ms; left > 0; left -= 1_000) {
    h.clock.advance(Math.min(1_000, left));
    await new Promise((r) => setTimeout(r, 30));
  }
  await new Promise((r) => setTimeout(r, 200));
}

async function started(config: Record<string, unknown>) {
  const h = await startRuntime({ plugins: { p: {} }, config: { p: { enabled: true, ...config } } });
  await h.until(() => updates(h) === 1, 5_000, 'first update');
  await new Promise((r) => setTimeout(r, 200));
  return h;
}

describe('update schedule', () => {
  it('runs update() every update_interval', async () => {
    const h = await started({ update_interval: 60 });
    await advance(h, 59_000);
    expect(updates(h)).toBe(1);
    await advance(h, 1_000);
    await h.until(() => updates(h) === 2, 5_000, 'second update');
  });

  it('an update that returns { retryInSeconds } runs again that soon, never later than its interval', async () => {
    const h = await started({ update_interval: 600, retry_in_seconds: 30 });
    await advance(h, 29_000);
    expect(updates(h)).toBe(1);
    await advance(h, 1_000);
    await h.until(() => updates(h) === 2, 5_000, 'retry after 30 s');

    const late = await started({ update_interval: 60, retry_in_seconds: 3_600 });
    await advance(late, 60_000);
    await late.until(() => updates(late) === 2, 5_000, 'the interval, not the longer hint');
  });

  it(`a hint shorter than ${MIN_RETRY_MS / 1000} s waits that long: a plugin cannot make a busy loop of it`, async () => {
    const h = await started({ update_interval: 600, retry_in_seconds: 0.01 });
    await advance(h, MIN_RETRY_MS - 1_000);
    expect(updates(h)).toBe(1);
    await advance(h, 1_000);
    await h.until(() => updates(h) === 2, 5_000, 'retry at the floor');
    await advance(h, MIN_RETRY_MS - 1_000);
    expect(updates(h)).toBe(2);
  });
});
