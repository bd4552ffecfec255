/**
 * The import graph of Marquee's sources, read with TypeScript's parser (so an import inside a
 * string or a comment is not one): every static import, `import type`, `export … from`, dynamic
 * `import('…')` and `typeof import('…')` whose specifier is a string literal.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The importing file, relative to the project root. */
  from: string;
  /** The imported file (relative to the root), or the package name for a package or a Node module. */
  to: string;
  kind: 'file' | 'package' | 'node';
}

const SOURCE = /\.(ts|mjs)$/;

/** The `.ts` and `.mjs` files of `roots` (folders searched recursively, or single files), relative to `base`. */
export function sourceFiles(base: string, roots: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(base, rel);
    if (!fs.statSync(abs).isDirectory()) return void (SOURCE.test(rel) && out.push(rel));
    for (const name of fs.readdirSync(abs)) walk(path.posix.join(rel, name));
  };
  roots.forEach(walk);
  return out.sort();
}

/** The module specifiers a file imports, in source order. */
export function specifiersOf(text: string, fileName = 'file.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const literal = (n: ts.Node | undefined) => (n && ts.isStringLiteralLike(n) ? n.text : undefined);
  const visit = (n: ts.Node): void => {
    let spec: string | undefined;
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) spec = literal(n.moduleSpecifier);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)
      spec = literal(n.arguments[0]);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) spec = literal(n.argument.literal);
    if (spec !== undefined) found.push(spec);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

const packageName = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

function edgeTo(base: string, from: string, spec: string): ImportEdge {
  if (spec.startsWith('node:') || builtinModules.includes(spec)) return { from, to: spec, kind: 'node' };
  if (!spec.startsWith('.')) return { from, to: packageName(spec), kind: 'package' };
  const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (!fs.existsSync(path.join(base, to))) throw new Error(`${from} imports ${spec}, which is not a file`);
  return { from, to, kind: 'file' };
}

/** Every import of `files` (relative to `base`). */
export function importEdges(base: string, files: string[]): ImportEdge[] {
  return files.flatMap((from) =>
    specifiersOf(fs.readFileSync(path.join(base, from), 'utf8'), from).map((spec) => edgeTo(base, from, spec)),
  );
}

/**
 * The import circles: one cycle (`a → b → … → a`) through each group of files that reach each
 * other (Tarjan's strongly connected components), so every circle shows at least once.
 */
export function importCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.kind === 'file') next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) connect(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = stack.splice(stack.indexOf(v));
    if (group.length > 1 || next.get(v)?.includes(v)) groups.push(group);
  };
  for (const v of next.keys()) if (!index.has(v)) connect(v);
  return groups.map((g) => cycleIn(g, next));
}

/** The shortest way from the group's first file back to itself, staying inside the group. */
function cycleIn(group: string[], next: Map<string, string[]>): string[] {
  const start = group[0]!;
  const inside = new Set(group);
  const via = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (w === start) return [...pathTo(v, via, start), start];
      if (!inside.has(w) || via.has(w)) continue;
      via.set(w, v);
      queue.push(w);
    }
  }
  return [start, start];
}

function pathTo(v: string, via: Map<string, string>, start: string): string[] {
  const out = [v];
  while (out[0] !== start) out.unshift(via.get(out[0]!)!);
  return out;
}
