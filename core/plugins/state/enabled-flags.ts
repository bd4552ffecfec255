/**
 * The `enabled` flag of each plugin section in config/config.json, read once at start so that
 * plugin_state (the display's projection of it) matches config before the first request. Config
 * wins on conflict (DESIGN.md §3); a missing or unreadable file says nothing about any plugin.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../platform/log.ts';

export async function readEnabledFlags(configDir: string, log: Logger): Promise<Map<string, boolean>> {
  const flags = new Map<string, boolean>();
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(configDir, 'config.json'), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn('config.json unreadable; plugin enabled flags unknown', { error: (e as Error).message });
    }
    return flags;
  }
  if (typeof raw !== 'object' || raw === null) return flags;
  for (const [key, section] of Object.entries(raw)) {
    const enabled = (section as { enabled?: unknown } | null)?.enabled;
    if (typeof enabled === 'boolean') flags.set(key, enabled);
  }
  return flags;
}
