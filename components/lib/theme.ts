import { readPreference, writePreference } from './preferences.ts';

/**
 * The colour theme: dark by default (the panel usually lives in a dim room), light, or following
 * the system. The choice is a preference of this browser (localStorage), never sent to the server.
 * The page's root element carries the theme in force as `data-theme` (`dark` or `light`), which
 * app.css reads.
 */
export const THEMES = ['dark', 'light', 'system'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'theme';
const LIGHT_QUERY = '(prefers-color-scheme: light)';
const isTheme = (v: unknown): v is Theme => (THEMES as readonly unknown[]).includes(v);

export const THEME_LABELS: Readonly<Record<Theme, string>> = Object.freeze({
  dark: 'Dark',
  light: 'Light',
  system: 'Follow system',
});

export function readTheme(): Theme {
  return readPreference(KEY, 'dark', isTheme);
}

/** The theme in force for a choice: `system` resolved by the browser's colour-scheme preference. */
export function resolveTheme(theme: Theme, prefersLight: boolean): 'dark' | 'light' {
  return theme === 'system' ? (prefersLight ? 'light' : 'dark') : theme;
}

/**
 * Applies the stored theme now and whenever the system's preference changes (for "follow system")
 * or another choice is made with `set`; every control showing the choice `watch`es it. `stop()`
 * removes the system listener.
 */
export function createThemeController(root: HTMLElement = document.documentElement) {
  const query = window.matchMedia(LIGHT_QUERY);
  let theme = readTheme();
  const watchers = new Set<(t: Theme) => void>();
  const apply = () => {
    const resolved = resolveTheme(theme, query.matches);
    root.dataset.theme = resolved;
    root.style.colorScheme = resolved;
  };
  apply();
  query.addEventListener('change', apply);
  return {
    get theme(): Theme {
      return theme;
    },
    set(next: Theme): void {
      theme = next;
      writePreference(KEY, next);
      apply();
      for (const fn of [...watchers]) fn(next);
    },
    /** Calls `fn` with each new choice until the returned function is called. */
    watch(fn: (t: Theme) => void): () => void {
      watchers.add(fn);
      return () => void watchers.delete(fn);
    },
    stop(): void {
      query.removeEventListener('change', apply);
    },
  };
}

export type ThemeController = ReturnType<typeof createThemeController>;
