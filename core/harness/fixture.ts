/**
 * `test/harness.json` in a plugin folder: the data and the instant a plugin is rendered with, so
 * its frames are the same on every machine. The harness never calls `update()` (no network, no
 * waiting): what update() would fetch goes in `cache`, which is also what a plugin shows after a
 * restart before its first update.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { HostFacts } from '../hosts/messages.ts';
import { toProblems } from '../platform/validation.ts';
import { HARNESS_SIZES, parseSize } from './sizes.ts';

export const FIXTURE_FILE = path.join('test', 'harness.json');
export const DEFAULT_INSTANT = '2026-03-14T15:09:26Z';

const object = v.record(v.string(), v.unknown());
const sizeText = v.pipe(
  v.string('a size such as 128x32'),
  v.check((s) => {
    try {
      parseSize(s);
      return true;
    } catch {
      return false;
    }
  }, 'a size such as 128x32'),
);

const fixtureSchema = v.strictObject({
  /** The wall-clock instant of every frame (`info.now`). */
  freeze_time: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => Number.isFinite(Date.parse(s)), 'an ISO date and time'),
    ),
    DEFAULT_INSTANT,
  ),
  /** Milliseconds since the mode came on screen (`info.elapsedMs`), for animations. */
  elapsed_ms: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The plugin's settings (its config section); `enabled` is forced on. */
  config: v.optional(object, {}),
  /** Cache entries the plugin finds at start (key to JSON value). */
  cache: v.optional(object, {}),
  /** Host facts (web address, time zone, location); the defaults below are used for what is left out. */
  host: v.optional(
    v.object({
      web: v.optional(v.object({ host: v.string(), port: v.number() })),
      timezone: v.optional(v.string()),
      location: v.optional(object),
    }),
    {},
  ),
  sizes: v.optional(v.array(sizeText), [...HARNESS_SIZES]),
  /** Modes allowed to draw outside the panel (text that scrolls with frame.text()). */
  allow_offpanel: v.optional(v.array(v.string()), []),
});

export interface Fixture {
  now: number;
  elapsedMs: number;
  config: Record<string, unknown>;
  cache: Record<string, unknown>;
  host: HostFacts;
  sizes: string[];
  allowOffpanel: string[];
}

export const DEFAULT_HOST: HostFacts = {
  web: { host: '0.0.0.0', port: 5000 },
  timezone: 'UTC',
  location: {},
};

/** Reads and checks a plugin's fixture; a plugin without one is rendered with defaults. */
export function readFixture(pluginDir: string): Fixture {
  const file = path.join(pluginDir, FIXTURE_FILE);
  let raw: unknown = {};
  if (fs.existsSync(file)) raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  const parsed = v.safeParse(fixtureSchema, raw);
  if (!parsed.success) {
    const p = toProblems(parsed.issues)[0]!;
    throw new TypeError(`${file}: ${p.field}: expected ${p.expected}, received ${p.received}`);
  }
  const f = parsed.output;
  return {
    now: Date.parse(f.freeze_time),
    elapsedMs: f.elapsed_ms,
    config: { ...f.config, enabled: true },
    cache: f.cache,
    host: {
      web: f.host.web ?? DEFAULT_HOST.web,
      timezone: f.host.timezone ?? DEFAULT_HOST.timezone,
      location: f.host.location ?? DEFAULT_HOST.location,
    },
    sizes: f.sizes,
    allowOffpanel: f.allow_offpanel,
  };
}
