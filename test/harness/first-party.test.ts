/**
 * Every first-party plugin at every panel size and mode against its goldens, loaded as the display
 * loads it; plus the packaging each needs to install and configure (manifest, schema, defaults).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { createAjv } from '../../core/config/schema/validate-plugin.ts';
import { effectiveSchema, schemaDefaults } from '../../core/config/schema/plugin.ts';
import { runHarness } from '../../core/harness/run.ts';
import { HARNESS_SIZES } from '../../core/harness/sizes.ts';
import { checkCompatibility } from '../../core/plugins/package/compat.ts';
import { firstPartyIds, INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { parseManifest } from '../../core/plugins/package/manifest.ts';
import { readVersion } from '../../core/platform/version.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { manualClock } from '../../core/platform/clock.ts';

const REPOS = path.join(PROJECT_ROOT, 'plugin-repos');
const FIRST_PARTY = firstPartyIds(REPOS);
const read = (id: string, file: string) => JSON.parse(fs.readFileSync(path.join(REPOS, id, file), 'utf8'));

describe('first-party plugins', () => {
  it('are the five Marquee ships, none with an install record', () => {
    expect(FIRST_PARTY).toEqual(['clock', 'countdown', 'text', 'weather', 'web-ui-info']);
    for (const id of FIRST_PARTY) expect(fs.existsSync(path.join(REPOS, id, INSTALL_META_FILE))).toBe(false);
  });

  it.each(FIRST_PARTY)('%s renders every mode at every size exactly as its goldens', async (id) => {
    const report = await runHarness({ pluginDir: path.join(REPOS, id) });
    const failures = [
      ...report.loadErrors.map((e) => `${e.size}: ${e.error}`),
      ...report.results.flatMap((r) => r.problems.map((p) => `${r.size} ${r.mode}: ${p.message}`)),
    ];
    expect(failures).toEqual([]);
    const modes = read(id, 'manifest.json').display_modes as string[];
    expect(report.results).toHaveLength(HARNESS_SIZES.length * modes.length);
  });

  it.each(FIRST_PARTY)('%s has a valid manifest compatible with this version', (id) => {
    const manifest = parseManifest(read(id, 'manifest.json'));
    expect(manifest.id).toBe(id);
    expect(manifest.entry_point).toMatch(/\.mjs$/);
    expect(checkCompatibility(manifest, readVersion())).toEqual({ compatible: true });
  });

  it.each(FIRST_PARTY)('%s declares settings whose defaults validate and match what its code assumes', async (id) => {
    const schema = read(id, 'config_schema.json');
    const validate = createAjv(memoryLogger(manualClock(0))).compile(effectiveSchema(schema));
    const defaults = schemaDefaults(schema);
    expect(validate(defaults), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ enabled: false }), 'a section holding only "enabled" is valid').toBe(true);
    const code = (await import(pathToFileURL(path.join(REPOS, id, 'index.mjs')).href)) as {
      DEFAULTS: Record<string, unknown>;
    };
    for (const [key, value] of Object.entries(code.DEFAULTS))
      if (key in defaults) expect(value, `${id}: default of ${key}`).toEqual(defaults[key]);
    for (const [key, prop] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
      expect(prop.title, `${id}.${key} has a title`).toBeTruthy();
      if (Array.isArray(prop.enum) && typeof prop.enum[0] === 'string')
        expect(Object.keys((prop['x-options'] as { labels: object }).labels)).toEqual(prop.enum);
    }
  });
});
