/**
 * Per-browser view preferences (the preview's scale and look), kept in localStorage. Storage may be
 * missing or refused (private mode, a full quota): reading then gives the defaults, writing does
 * nothing, and the page works the same.
 */
export function readPreference<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = localStorage.getItem(`marquee.${key}`);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function writePreference(key: string, value: unknown): void {
  try {
    localStorage.setItem(`marquee.${key}`, JSON.stringify(value));
  } catch {
    // Not kept: the choice still applies to this page.
  }
}
