/**
 * A plugin version nobody stated: a LEDMatrix manifest may name none, and when the store's entry
 * names none either the plugin is recorded at `0.0.0`, which people see as "unknown" and which
 * never makes an update available (LEDMatrix's rule: nothing known, no update).
 */
export const UNKNOWN_VERSION = '0.0.0';

export const isUnknownVersion = (version: string | null | undefined): boolean =>
  !version || version.trim() === UNKNOWN_VERSION;

/** `v1.2.0`, or `version unknown` for a version nobody stated. */
export const versionLabel = (version: string | null | undefined): string =>
  isUnknownVersion(version) ? 'version unknown' : `v${version!.trim()}`;
