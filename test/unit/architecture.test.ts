/**
 * The floors of docs/ARCHITECTURE.md, checked on every import of the sources: no import circle, no
 * import from a lower floor to a higher one, rooms of floor 3 using each other one way only, the
 * browser UI and shared/ kept apart from the server, HTTP kept at the edge.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { placeOf, readFloors, type Place } from '../support/floors.ts';
import { importCycles, importEdges, sourceFiles, specifiersOf, type ImportEdge } from '../support/imports.ts';

const ROOTS = ['core', 'shared', 'db', 'routes', 'components', 'hono.config.ts', 'server.ts', 'display.ts'];

/** Rooms of floor 3 that may use each other, importer → imported; never both ways. */
const ROOM_PAIRS: Array<[string, string, string]> = [
  ['core/registry/', 'core/config/', "the store's secrets (GitHub token, webhook secret) are config secrets"],
  ['core/plugins/', 'core/config/', "a plugin's settings are its config sections, saved and restored by its lifecycle"],
  [
    'core/plugins/',
    'core/registry/',
    "installs resolve registry entries; the installed list shows the catalog's versions",
  ],
  [
    'core/plugins/',
    'core/hosts/',
    "installing a Python plugin checks the machine's interpreter and makes the plugin's venv",
  ],
  ['core/reconcile/', 'core/config/', 'what is wanted is read from config.json'],
  ['core/reconcile/', 'core/registry/', 'a missing plugin is looked up in the registry'],
  ['core/reconcile/', 'core/plugins/', 'repairs use the plugins room: state rows, folders, staging'],
  ['core/health/', 'core/config/', 'the config files report their own check'],
  ['core/display/', 'core/render/', 'the display draws frames and hands them to a backend'],
  ['core/display/', 'core/hosts/', 'the display runs plugins in hosts it starts and supervises'],
  ['core/hosts/', 'core/render/', 'plugin hosts draw frames'],
  ['core/harness/', 'core/display/', 'plugins are rendered the way the display renders them'],
  ['core/harness/', 'core/hosts/', 'the harness runs a plugin in a host as the display does'],
  ['core/harness/', 'core/render/', 'frames, PNG and sizes'],
  ['core/previews/', 'core/registry/', 'previews are made of store entries'],
  ['core/previews/', 'core/plugins/', "a preview's archive is fetched and checked as an install's"],
  ['core/previews/', 'core/hosts/', 'previews are drawn in plugin hosts'],
  ['core/previews/', 'core/harness/', "a plugin's sample data and the panel size rule"],
  ['core/previews/', 'core/display/', "the panel's size and a plugin folder read as the display reads it"],
  ['core/previews/', 'core/render/', 'previews are PNG'],
  ['core/backup/', 'core/plugins/', 'backups use the plugin archive rules, the installed list and install operations'],
  ['core/backup/', 'core/config/', 'the config as it was before a restore is kept as a config backup'],
  [
    'core/safe-mode/',
    'core/display/',
    "safe mode pauses the display's third-party plugins and puts its notice on the panel",
  ],
];

/** Imports from a lower floor to a higher one that are allowed, each with its reason (at most 3). */
const ALLOWED_UPWARD: Array<{ from: string; to: string; reason: string }> = [];

/**
 * Imports between rooms of floor 3 against the named direction, each with its reason; the test
 * fails on an entry no longer needed, so the list only shrinks.
 */
const ROOM_EXCEPTIONS: Array<{ from: string; to: string; reason: string }> = [
  {
    from: 'core/registry/builtin.ts',
    to: 'core/plugins/package/install-meta.ts',
    reason: "the built-in source tells first-party plugins by the plugins room's install record",
  },
];

const floors = readFloors(fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8'));
const files = sourceFiles(PROJECT_ROOT, ROOTS);
const edges = importEdges(PROJECT_ROOT, files);
const fileEdges = edges.filter((e) => e.kind === 'file');
const under = (file: string, entries: string[]) =>
  entries.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
const place = (file: string): Place => placeOf(floors, file) ?? { level: -1, entry: '?' };
const show = (e: ImportEdge) => `${e.from} → ${e.to}`;
const excused = (e: ImportEdge) => ROOM_EXCEPTIONS.some((x) => x.from === e.from && x.to === e.to);

const cycles = importCycles(edges);
const upward = fileEdges.filter((e) => {
  const [a, b] = [place(e.from).level, place(e.to).level];
  return a !== null && b !== null && b > a;
});
const allowed = (e: ImportEdge) => ALLOWED_UPWARD.some((x) => x.from === e.from && x.to === e.to);
const upAllowed = upward.filter(allowed).length;
/** The figures the test names carry, so a run's output can be quoted. */
const counts = {
  circles: `circles: ${cycles.length}`,
  upward: `upward imports: ${upward.length}, ${upAllowed} allowed`,
};

describe(`the floors (${files.length} files, ${edges.length} imports)`, () => {
  it('every source file stands on a floor of docs/ARCHITECTURE.md', () => {
    expect(files.filter((f) => place(f).level === -1)).toEqual([]);
    expect(fileEdges.filter((e) => place(e.to).level === -1).map(show)).toEqual([]);
  });

  it(`has no import circle (${counts.circles})`, () => {
    expect(cycles.map((c) => c.join(' → '))).toEqual([]);
  });

  it(`imports nothing from a higher floor (${counts.upward})`, () => {
    expect(ALLOWED_UPWARD.length).toBeLessThanOrEqual(3);
    expect(ALLOWED_UPWARD.filter((x) => !x.reason.trim())).toEqual([]);
    expect(upward.filter((e) => !allowed(e)).map(show)).toEqual([]);
  });

  it('rooms of floor 3 use each other only along the named pairs, one way', () => {
    const pairs = new Set(ROOM_PAIRS.map(([a, b]) => `${a} → ${b}`));
    const across = fileEdges.filter((e) => {
      const [a, b] = [place(e.from), place(e.to)];
      return a.level === 3 && b.level === 3 && a.entry !== b.entry;
    });
    expect(
      across.filter((e) => !pairs.has(`${place(e.from).entry} → ${place(e.to).entry}`) && !excused(e)).map(show),
    ).toEqual([]);
    expect(ROOM_PAIRS.filter(([a, b]) => pairs.has(`${b} → ${a}`))).toEqual([]);
  });

  it('the browser UI imports only components/ and shared/, and nothing else imports it', () => {
    const ui = (f: string) => place(f).level === null;
    const wrong = fileEdges.filter((e) => ui(e.from) !== ui(e.to) && !(ui(e.from) && place(e.to).level === 0));
    expect(wrong.map(show)).toEqual([]);
  });

  it('shared/ imports nothing outside itself: no package, no Node module', () => {
    const shared = (f: string) => place(f).level === 0;
    expect(edges.filter((e) => shared(e.from) && (e.kind !== 'file' || !shared(e.to))).map(show)).toEqual([]);
  });

  it('only the HTTP edge and routes import Hono', () => {
    const hono = edges.filter((e) => e.kind === 'package' && (e.to === 'hono' || e.to.startsWith('@hono/')));
    expect(hono.filter((e) => !under(e.from, ['core/http/', 'routes/'])).map(show)).toEqual([]);
  });

  it("no room imports the composed services' type: the edge and the composition only", () => {
    const readers = fileEdges.filter((e) => e.to === 'core/http/services.ts');
    expect(readers.length).toBeGreaterThan(0);
    expect(readers.filter((e) => !under(e.from, ['core/http/', 'core/app/', 'routes/'])).map(show)).toEqual([]);
  });

  it('every exception is still needed', () => {
    const exists = (x: { from: string; to: string }) => fileEdges.some((e) => e.from === x.from && e.to === x.to);
    expect([...ALLOWED_UPWARD, ...ROOM_EXCEPTIONS].filter((x) => !exists(x))).toEqual([]);
  });
});

describe('reading imports', () => {
  it.each([
    ["import { a } from './a.ts';", ['./a.ts']],
    ["import type { A } from '../a.ts';", ['../a.ts']],
    ["import './side-effect.ts';", ['./side-effect.ts']],
    ["export { a } from './a.ts'; export * from './b.ts';", ['./a.ts', './b.ts']],
    ["const m = await import('./lazy.ts');", ['./lazy.ts']],
    ["type M = typeof import('./types.ts');", ['./types.ts']],
    ["const s = \"import x from './not.ts'\"; // import './neither.ts'", []],
    ['const m = await import(url);', []],
  ])('%s → %j', (text, expected) => {
    expect(specifiersOf(text)).toEqual(expected);
  });

  it('finds a circle and names its files in order', () => {
    const e = (from: string, to: string): ImportEdge => ({ from, to, kind: 'file' });
    const found = importCycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'd'), e('x', 'a')]);
    expect(found.map((c) => c.join(' → ')).sort()).toEqual(['a → b → c → a', 'd → d']);
  });
});
