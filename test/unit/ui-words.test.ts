import { describe, expect, it } from 'vitest';
import { operationSentence } from '../../components/lib/operation-words.ts';
import { operationOf, type OperationView } from '../../components/lib/operation-types.ts';
import { pluginIconName } from '../../components/lib/plugin-icon.ts';
import { modeName, showingText } from '../../components/lib/plugin-names.ts';
import { logStages, took } from '../../components/operation-log/log-model.ts';
import { findings, pluginStatus, verdict } from '../../components/page-health/health-summary.ts';
import { configDiff } from '../../components/page-settings/config-diff.ts';
import { problemSentence } from '../../components/schema-form/problems.ts';

const NAMES: Record<string, string> = { clock: 'Clock', weather: 'Weather', 'web-ui-info': 'Web UI address' };
const name = (id: string) => NAMES[id] ?? id;
const op = (kind: string, key: string, more: Partial<OperationView> = {}): OperationView => ({
  ...operationOf({ operation_id: 'x', status: 'completed' }, key, kind),
  ...more,
});

describe('history entries read as sentences', () => {
  it.each([
    [op('toggle', 'clock', { result: { enabled: false } }), 'You turned Clock off'],
    [op('toggle', 'clock', { result: { enabled: true }, requested_by: 'reconciler' }), 'Marquee turned Clock on'],
    [op('configure', 'config:main', { result: { changed_sections: ['display'] } }), 'Saved display settings'],
    [
      op('configure', 'config:main', { result: { changed_sections: ['schedule', 'weather'] } }),
      'Saved the on/off schedule and Weather settings',
    ],
    [op('configure', 'weather'), 'Saved Weather settings'],
    [op('install', 'weather', { requested_by: 'reconciler' }), 'Marquee reinstalled Weather'],
    [op('install', 'weather'), 'You installed Weather'],
    [op('install', 'weather', { status: 'failed' }), 'Installing Weather failed'],
    [op('update', 'clock', { status: 'running' }), 'Updating Clock…'],
    [op('uninstall', 'clock', { status: 'cancelled' }), 'Removing Clock was cancelled'],
    [op('store-refresh', 'store-refresh:all'), 'Checked the store for new plugins'],
    [op('store-preview', 'preview:weather@128x32'), 'Drew a preview of Weather at 128×32'],
    [op('store-preview', 'preview:clock@64x32', { status: 'failed' }), 'Drawing a preview of Clock at 64×32 failed'],
  ])('%#: %s', (o, sentence) => {
    expect(operationSentence(o, name)).toBe(sentence);
  });
});

describe('names, never ids', () => {
  it('a mode that repeats its plugin id is left out; another is put in words', () => {
    const plugins = new Map(Object.entries(NAMES).map(([id, n]) => [id, { id, name: n, enabled: true }]));
    expect(showingText(plugins, 'web-ui-info', 'web_ui_info')).toBe('Web UI address');
    expect(showingText(plugins, 'weather', 'daily_forecast')).toBe('Weather · Daily forecast');
    expect(showingText(plugins, 'unknown-one', null)).toBe('Unknown one');
    expect(modeName('clock', 'clock')).toBeNull();
  });

  it('a problem is worded with its field label, server and browser alike', () => {
    const schema = {
      type: 'object',
      properties: {
        display_duration: { type: 'integer', title: 'Display duration' },
        units: {
          type: 'string',
          enum: ['imperial', 'metric'],
          'x-options': { labels: { imperial: '°F', metric: '°C' } },
        },
      },
    };
    expect(problemSentence(schema, { field: 'display_duration', message: 'x', rule: 'max', limit: 300 })).toBe(
      'Display duration must be at most 300',
    );
    expect(
      problemSentence(schema, { field: 'units', message: 'x', rule: 'one_of', limit: ['imperial', 'metric'] }),
    ).toBe('Units must be °F or °C');
  });
});

describe('plugin icons', () => {
  it.each([
    ['clock', 'time', 'clock'],
    ['fas fa-sun', null, 'cloud-sun'],
    ['fa-solid fa-football-ball', 'sports', 'trophy'],
    ['fa-rss', null, 'rss'],
    ['https://example.invalid/icon.png', 'weather', 'cloud-sun'],
    [null, 'finance', 'chart-line'],
    [null, 'misc', 'sparkles'],
  ])('%s (%s) → %s', (icon, category, expected) => {
    expect(pluginIconName(icon, category)).toBe(expected);
  });
});

describe('operation log', () => {
  it('groups rows into stages with how long each took', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const row = (ms: number, type: string, stage: string, message: string | null = null) => ({
      id: ms,
      at: at(ms),
      type,
      attempt: 1,
      progress: null,
      stage,
      message,
    });
    const stages = logStages([
      row(0, 'started', 'starting', 'attempt 1 of 1'),
      row(100, 'progress', 'downloading', '10/100 bytes'),
      row(600, 'progress', 'downloading', '100/100 bytes'),
      row(900, 'progress', 'activating'),
      row(1400, 'finished', 'activating', 'Plugin x installed'),
    ]);
    expect(stages.map((s) => [s.stage, s.tookMs, s.messages.length, s.ended])).toEqual([
      ['starting', 100, 1, null],
      ['downloading', 800, 2, null],
      ['activating', 500, 1, 'finished'],
    ]);
    expect(took(800)).toBe('0.8 s');
    expect(took(65_000)).toBe('1 min 5 s');
  });
});

describe('health in words', () => {
  const data = (checks: Record<string, unknown>) =>
    ({ status: 'healthy', timestamp: '', checked_at: '', uptime_s: 5, version: '0.1.0', checks }) as never;
  const plugin = (id: string, enabled: boolean, state = enabled ? 'enabled' : 'disabled') => ({
    id,
    name: name(id),
    enabled,
    state,
    error_info: null,
  });
  const breaker = (state: 'open' | 'closed', failures: number) =>
    ({ circuit_state: state, consecutive_failures: failures, last_error: 'boom' }) as never;

  it('a plugin that is off is Off whatever its breaker; one that stopped is named with what to do', () => {
    expect(pluginStatus(plugin('clock', false), breaker('open', 3))).toEqual({ text: 'Off', level: 'off' });
    const list = findings(data({ display: { status: 'ok', detail: 'alive' } }), [plugin('clock', true)], {
      clock: breaker('open', 3),
    });
    expect(list).toEqual([
      expect.objectContaining({
        level: 'danger',
        title: 'Clock stopped after failing 3 times: boom',
        resettable: 'clock',
      }),
    ]);
    expect(verdict(list).text).toBe('One thing needs your attention');
    expect(verdict([]).text).toBe('Your panel is OK');
  });
});

describe('a restore shows what changes', () => {
  it('setting by setting, in words, secrets masked on both sides', () => {
    const mask = '\u2022'.repeat(8);
    const changes = configDiff(
      { display: { hardware: { brightness: 40 } }, github: { api_token: mask }, weather: { city: 'Oslo' } },
      {
        display: { hardware: { brightness: 90 } },
        github: { api_token: mask },
        weather: { city: 'Bergen', units: 'metric' },
      },
      (id) => NAMES[id],
    );
    expect(changes).toEqual([
      { path: 'display.hardware.brightness', label: 'Panel › Hardware › Brightness', now: '40', after: '90' },
      { path: 'weather.city', label: 'Weather settings › City', now: 'Oslo', after: 'Bergen' },
      { path: 'weather.units', label: 'Weather settings › Units', now: '—', after: 'metric' },
    ]);
  });
});
