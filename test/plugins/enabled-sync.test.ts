import { describe, expect, it } from 'vitest';
import { getPluginState, putPluginState } from '../../core/plugins/state/rows.ts';
import type { StreamEvent } from '../../core/platform/events.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';

type Status = Parameters<typeof putPluginState>[1]['status'];

function installed(deps: TestDeps, id: string, enabled: boolean, status: Status = enabled ? 'enabled' : 'disabled') {
  putPluginState(deps, {
    id,
    name: id,
    version: '1.0.0',
    source: 'registry',
    path: `/plugins/${id}`,
    present: true,
    status,
    enabled,
  });
}

describe('enabled flags follow config.json', () => {
  it('a save that changes enabled updates plugin_state at once and announces it; others are untouched', async () => {
    const deps = testDeps();
    installed(deps, 'clock', false);
    installed(deps, 'text', true);
    installed(deps, 'gone', false, 'uninstalled');
    deps.enabledFlags.follow();
    const events: StreamEvent[] = [];
    deps.events.subscribe((e) => events.push(e));

    await deps.config.apply({
      op: 'raw',
      file: 'main',
      content: { clock: { enabled: true }, gone: { enabled: true } },
    });

    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: true, status: 'enabled' });
    expect(getPluginState(deps, 'text')).toMatchObject({ enabled: true, status: 'enabled' });
    expect(getPluginState(deps, 'gone')).toMatchObject({ enabled: false, status: 'uninstalled' });
    expect(events.filter((e) => e.type === 'plugin.changed').map((e) => e.data)).toEqual([
      expect.objectContaining({ plugin_id: 'clock', enabled: true }),
    ]);
  });

  it('a section without a boolean enabled changes nothing', async () => {
    const deps = testDeps();
    installed(deps, 'clock', true);
    deps.enabledFlags.follow();
    await deps.config.apply({ op: 'raw', file: 'main', content: { clock: { enabled: 'yes', color: 'red' } } });
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: true, status: 'enabled' });
  });

  it("tells a save's caller the flags the save changed and announced; nothing before it follows", async () => {
    const deps = testDeps();
    installed(deps, 'clock', false);
    installed(deps, 'text', false);
    const save = (content: Record<string, unknown>) => () => deps.config.apply({ op: 'raw', file: 'main', content });
    const before = await deps.enabledFlags.during(save({ clock: { enabled: true } }));
    expect([...before.changed]).toEqual([]);
    expect(getPluginState(deps, 'clock')).toMatchObject({ enabled: false });
    deps.enabledFlags.follow();
    const after = await deps.enabledFlags.during(save({ clock: { enabled: true }, text: { enabled: true } }));
    expect(after.value).toMatchObject({ op: 'raw' });
    expect([...after.changed]).toEqual(['clock', 'text']);
  });
});
