import type { PanelNotices } from '../auth/service.ts';
import type { Platform } from '../platform/index.ts';

/** PLACEHOLDER until the display's panel notices exist. */
export function panelNotices(_base: Pick<Platform, 'db' | 'clock'>): PanelNotices {
  return { show: () => {}, clear: () => {} };
}
