import { html, nothing, type TemplateResult } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import {
  Archive,
  Bus,
  CalendarDays,
  ChartLine,
  ChevronDown,
  ChevronUp,
  CircleArrowUp,
  CircleCheck,
  CircleX,
  Clock,
  CloudSun,
  Cpu,
  Database,
  Download,
  Gamepad2,
  Globe,
  GripVertical,
  HeartPulse,
  History,
  Image,
  Info,
  LayoutDashboard,
  Link,
  MessageSquare,
  Monitor,
  Moon,
  Music,
  Newspaper,
  Play,
  Plus,
  Puzzle,
  RefreshCw,
  RotateCcw,
  Rss,
  ScrollText,
  Settings,
  ShieldCheck,
  SlidersHorizontal,
  Sparkles,
  Square,
  Star,
  Store,
  Sun,
  Thermometer,
  Timer,
  Trash2,
  TriangleAlert,
  Trophy,
  Type,
  Wifi,
  X,
  type IconNode,
} from 'lucide';

/**
 * The icons the UI draws: Lucide's (ISC licence), imported one by one so the bundle carries only
 * these. Names are Lucide's in kebab-case; docs/PLUGINS.md lists those a plugin's `icon` may name.
 */
const UI_ICONS = {
  overview: LayoutDashboard,
  plugins: Puzzle,
  store: Store,
  settings: Settings,
  history: History,
  health: HeartPulse,
  logs: ScrollText,
  system: Cpu,
  backup: Archive,
  sun: Sun,
  moon: Moon,
  monitor: Monitor,
  download: Download,
  refresh: RefreshCw,
  trash: Trash2,
  grip: GripVertical,
  up: ChevronUp,
  down: ChevronDown,
  play: Play,
  stop: Square,
  sliders: SlidersHorizontal,
  log: ScrollText,
  ok: CircleCheck,
  warn: TriangleAlert,
  error: CircleX,
  info: Info,
  plus: Plus,
  close: X,
  link: Link,
  sources: Database,
  reset: RotateCcw,
  verified: ShieldCheck,
  update: CircleArrowUp,
} as const satisfies Record<string, IconNode>;

/** Icons a plugin may name in its manifest's `icon`, by Lucide's kebab-case name. */
export const PLUGIN_ICONS = Object.freeze({
  clock: Clock,
  calendar: CalendarDays,
  timer: Timer,
  'cloud-sun': CloudSun,
  thermometer: Thermometer,
  type: Type,
  message: MessageSquare,
  newspaper: Newspaper,
  rss: Rss,
  trophy: Trophy,
  music: Music,
  image: Image,
  'chart-line': ChartLine,
  bus: Bus,
  gamepad: Gamepad2,
  wifi: Wifi,
  globe: Globe,
  star: Star,
  sparkles: Sparkles,
} as const satisfies Record<string, IconNode>);

export type UiIcon = keyof typeof UI_ICONS;
export type PluginIcon = keyof typeof PLUGIN_ICONS;

const escape = (v: unknown) => String(v).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Markup of a node list (Lucide's data, bundled here: never anything a server or plugin sent). */
const markup = (nodes: IconNode): string =>
  nodes
    .map(([tag, attrs]) => {
      const list = Object.entries(attrs).map(([k, v]) => `${k}="${escape(v)}"`);
      return `<${tag} ${list.join(' ')}/>`;
    })
    .join('');

function draw(nodes: IconNode, label?: string): TemplateResult {
  return html`<svg
    class="icon"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    role=${label ? 'img' : nothing}
    aria-label=${label || nothing}
    aria-hidden=${label ? nothing : 'true'}
    focusable="false"
  >
    ${unsafeSVG(markup(nodes))}
  </svg>`;
}

/** A UI icon, decorative unless `label` names it for screen readers. */
export const icon = (name: UiIcon, label?: string): TemplateResult => draw(UI_ICONS[name], label);

/** A plugin's icon, already resolved to a name of the set. */
export const pluginIconOf = (name: PluginIcon, label?: string): TemplateResult => draw(PLUGIN_ICONS[name], label);
