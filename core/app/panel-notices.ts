import type { PanelNotices } from '../auth/service.ts';
import { clearNotice, setNotice } from '../display/notices.ts';
import type { Platform } from '../platform/index.ts';

/** Sign-in's notices (the pairing code) as rows the display draws over the rotation. */
export function panelNotices(base: Pick<Platform, 'db' | 'clock'>): PanelNotices {
  const { db, clock } = base;
  return {
    show: (n) =>
      setNotice(db.sqlite, { key: n.key, text: n.text, color: '#00c8ff', expiresAt: n.expiresAt }, clock.now()),
    clear: (key) => clearNotice(db.sqlite, key),
  };
}
