/**
 * LEDMatrix plugins that loop inside one `display()` call, pushing frame after frame: each frame
 * reaches the panel as it is pushed, and a call that keeps pushing lives past the render deadline,
 * up to the plugin's display duration. A call that pushes nothing still meets the deadline.
 */
import { describe, expect, it } from 'vitest';
import { installLedMatrixPlugins } from '../support/ledmatrix.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

const SETTINGS = { 'plugins.renderDeadlineMs': 1_000, 'plugins.loadDeadlineMs': 15_000 };

async function display(config: Record<string, unknown>) {
  const h = await startRuntime({ width: 64, height: 32, config, settings: SETTINGS, keepFrames: true });
  installLedMatrixPlugins(h, Object.keys(config));
  return h;
}

const runner = (h: RuntimeHarness, id: string) => h.runtime.runners.get(id);

/** The scroller's frames on the panel (green 255 at the top left), split where a new call starts again. */
function calls(h: RuntimeHarness): number[][] {
  const out: number[][] = [];
  let last = Infinity;
  for (const f of h.frames) {
    if (f[1] !== 255) continue;
    const n = f[0]!;
    if (n < last) out.push([]);
    out.at(-1)!.push(n);
    last = n;
  }
  return out;
}

describe('LEDMatrix plugins that loop inside one display() call', () => {
  it('shows each frame of a 3 s scroll as it is pushed, in order, and the host lives on', async () => {
    const h = await display({ 'scrolls-in-call': { enabled: true } });
    // Two calls begun on the panel: the first one ran its 3 s and returned.
    await h.until(() => calls(h).length >= 2, 40_000, 'a second scrolling call');
    const first = calls(h)[0]!;
    expect(first.length).toBeGreaterThanOrEqual(20);
    for (let i = 1; i < first.length; i++) expect(first[i]!).toBeGreaterThan(first[i - 1]!);
    const r = runner(h, 'scrolls-in-call')!;
    expect(r.supervision()).toMatchObject({ restarts: 0 });
    expect(r.supervision().lastKillReason ?? null).toBeNull();
    expect(r.breaker(), JSON.stringify(r.breaker())).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(h.runtime.report().hosts.find((x) => x.key === 'plugin:scrolls-in-call')?.starts).toBe(1);
  }, 60_000);

  it('stops a call that pushes frames for longer than the display duration, and blames it', async () => {
    const h = await display({ 'scrolls-in-call': { enabled: true, seconds: 6, display_duration: 2 } });
    await h.until(() => (runner(h, 'scrolls-in-call')?.breaker().consecutiveFailures ?? 0) >= 1, 40_000, 'blamed');
    expect(
      runner(h, 'scrolls-in-call')!.supervision().lastKillReason,
      JSON.stringify(runner(h, 'scrolls-in-call')!.breaker()),
    ).toBe('render pushed frames for longer than its ceiling of 2000 ms');
  }, 60_000);

  it('kills a call that sleeps 3 s without pushing at the 1 s deadline, blamed, and leaves the other plugin be', async () => {
    const h = await display({ 'sleeps-in-call': { enabled: true }, 'hello-text': { enabled: true, message: 'Hi' } });
    await h.until(() => (runner(h, 'sleeps-in-call')?.breaker().consecutiveFailures ?? 0) >= 1, 40_000, 'blamed');
    expect(runner(h, 'sleeps-in-call')!.supervision().lastKillReason).toBe('render missed its deadline of 1000 ms');
    expect(runner(h, 'sleeps-in-call')!.breaker().lastError).toMatch(/render missed its deadline of 1000 ms/);
    expect(h.runtime.report().hosts.find((x) => x.key === 'plugin:hello-text')?.starts).toBe(1);
  }, 60_000);
});
