/**
 * The floors of docs/ARCHITECTURE.md ("The house"), read from its table, so the architecture test
 * and the document cannot tell different stories.
 */
export interface Place {
  /** 0 (shared) up to 6 (entry points); null for the browser UI, which stands apart. */
  level: number | null;
  /** The table's entry the file falls under (`core/config/`, `server.ts`): on floor 3, its room. */
  entry: string;
}

/** Entry (`core/config/`, `hono.config.ts`) → its floor, from the table under "The house". */
export function readFloors(markdown: string): Map<string, number | null> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('The house'));
  if (!section) throw new Error('docs/ARCHITECTURE.md has no "The house" section');
  const floors = new Map<string, number | null>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const level = cells[1];
    if (!level || !/^(\d+|—)$/.test(level)) continue;
    const entries = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const entry of entries) floors.set(entry, level === '—' ? null : +level);
  }
  if (!floors.size) throw new Error('the floor table of docs/ARCHITECTURE.md could not be read');
  return floors;
}

/** Where a file stands: the longest entry that is the file itself or a folder holding it. */
export function placeOf(floors: Map<string, number | null>, file: string): Place | undefined {
  let best: string | undefined;
  for (const entry of floors.keys()) {
    const holds = entry.endsWith('/') ? file.startsWith(entry) : file === entry;
    if (holds && (!best || entry.length > best.length)) best = entry;
  }
  return best === undefined ? undefined : { level: floors.get(best)!, entry: best };
}
