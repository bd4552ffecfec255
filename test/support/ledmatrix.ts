/**
 * LEDMatrix-format fixture plugins installed into a running display harness as an install leaves
 * them: the folder in the plugins directory and an enabled `plugin_state` row (written through the
 * web side's connection, as the installer does), which the display notices by `data_version`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { putPluginState } from '../../core/plugins/state/rows.ts';
import type { RuntimeHarness } from './display.ts';

export const LEDMATRIX_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ledmatrix-plugins');

export function installLedMatrixPlugins(
  h: Pick<RuntimeHarness, 'settings' | 'webDeps'>,
  ids: string[],
  opts: { enabled?: boolean } = {},
) {
  const enabled = opts.enabled ?? true;
  for (const id of ids) {
    const dir = path.join(h.settings.pluginsDir, id);
    fs.cpSync(path.join(LEDMATRIX_FIXTURES, id), dir, { recursive: true });
    fs.chmodSync(h.settings.pluginsDir, 0o755);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    putPluginState(h.webDeps, {
      id,
      name: manifest.name,
      version: manifest.version,
      source: 'registry',
      path: dir,
      present: true,
      status: enabled ? 'enabled' : 'disabled',
      enabled,
      installedAt: h.webDeps.clock.now(),
      filesUpdatedAt: h.webDeps.clock.now(),
    });
  }
}
