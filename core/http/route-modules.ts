import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A module found under a routes folder, with its path relative to that folder. */
export interface RouteModule {
  rel: string;
  file: string;
  load(): Promise<Record<string, unknown>>;
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

/**
 * The modules of a routes folder, found by scanning it. The production bundle replaces this
 * module with a generated one that imports the same files statically (scripts/build.mjs).
 */
export function routeModules(dir: string): RouteModule[] {
  return listFiles(dir).map((rel) => {
    const file = path.join(dir, rel);
    return { rel, file, load: () => import(pathToFileURL(file).href) as Promise<Record<string, unknown>> };
  });
}
