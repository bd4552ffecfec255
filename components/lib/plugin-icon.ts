import { PLUGIN_ICONS, type PluginIcon } from './icons.ts';

/** Font Awesome names seen in LEDMatrix registries, for the icon of Marquee's set closest to each. */
const FONT_AWESOME: Readonly<Record<string, PluginIcon>> = Object.freeze({
  'calendar-alt': 'calendar',
  'calendar-day': 'calendar',
  'calendar-check': 'calendar',
  'hourglass-half': 'timer',
  hourglass: 'timer',
  stopwatch: 'timer',
  sun: 'cloud-sun',
  cloud: 'cloud-sun',
  'cloud-sun-rain': 'cloud-sun',
  'temperature-high': 'thermometer',
  'thermometer-half': 'thermometer',
  font: 'type',
  'text-width': 'type',
  comment: 'message',
  comments: 'message',
  'football-ball': 'trophy',
  football: 'trophy',
  'basketball-ball': 'trophy',
  'baseball-ball': 'trophy',
  'hockey-puck': 'trophy',
  futbol: 'trophy',
  'chart-bar': 'chart-line',
  'dollar-sign': 'chart-line',
  bitcoin: 'chart-line',
  images: 'image',
  photo: 'image',
  train: 'bus',
  subway: 'bus',
  plane: 'bus',
  'gamepad-alt': 'gamepad',
  'info-circle': 'wifi',
  'network-wired': 'wifi',
  magic: 'sparkles',
});

/** A plugin without an icon of its own gets its category's. */
const BY_CATEGORY: Readonly<Record<string, PluginIcon>> = Object.freeze({
  time: 'clock',
  clock: 'clock',
  calendar: 'calendar',
  weather: 'cloud-sun',
  sports: 'trophy',
  text: 'type',
  news: 'newspaper',
  finance: 'chart-line',
  stocks: 'chart-line',
  music: 'music',
  media: 'image',
  images: 'image',
  transit: 'bus',
  transport: 'bus',
  games: 'gamepad',
  network: 'wifi',
  system: 'wifi',
  utility: 'wifi',
});

const STYLES = new Set(['fa', 'fas', 'far', 'fab', 'fal', 'fad', 'fa-solid', 'fa-regular', 'fa-brands', 'fa-light']);

const known = (name: string | undefined): name is PluginIcon => !!name && name in PLUGIN_ICONS;

/** The name a manifest's `icon` gives: Marquee's own (`cloud-sun`) or a Font Awesome class (`fas fa-sun`). */
function named(icon: string): string | undefined {
  const parts = icon.trim().toLowerCase().split(/\s+/);
  const fa = parts.filter((p) => p.startsWith('fa-') && !STYLES.has(p)).at(-1);
  return fa ? fa.slice(3) : parts.length === 1 ? parts[0] : undefined;
}

/**
 * The icon a plugin is shown with (docs/PLUGINS.md, "icon"): the one its manifest names, else its
 * category's, else a generic one. Never a picture from elsewhere: icons are part of the UI bundle.
 */
export function pluginIconName(icon: string | null | undefined, category: string | null | undefined): PluginIcon {
  const name = icon ? named(icon) : undefined;
  if (known(name)) return name;
  const mapped = name ? FONT_AWESOME[name] : undefined;
  if (mapped) return mapped;
  return BY_CATEGORY[(category ?? '').trim().toLowerCase()] ?? 'sparkles';
}
