/**
 * Which class of a LEDMatrix plugin's entry module the Python host builds when its manifest names
 * no `class_name`: the one top-level class deriving from `BasePlugin`, directly (also under an
 * `import … as` name or a dotted `module.BasePlugin`) or through other classes of the same module.
 * Found by reading the source, never by importing it: this runs in the web and display processes,
 * where no plugin code may run. A class the module derives from an intermediate class (a base of
 * its own) is not a candidate itself; zero or several candidates are refused with their names.
 */
import fs from 'node:fs';
import { AppError } from '../../platform/errors/app-error.ts';

export interface ClassScan {
  /** Top-level classes deriving from BasePlugin that no other such class derives from, in source order. */
  candidates: string[];
  /** Every top-level class, in source order. */
  classes: string[];
}

/** The source with every string literal and comment blanked (newlines kept), so only code is matched. */
export function codeOnly(src: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      const stop = nl < 0 ? src.length : nl;
      out.push(' '.repeat(stop - i));
      i = stop;
    } else if (c === '"' || c === "'") {
      const stop = stringEnd(src, i, c);
      out.push(src.slice(i, stop).replace(/[^\n]/g, ' '));
      i = stop;
    } else {
      out.push(c);
      i++;
    }
  }
  return out.join('');
}

/** Index just past the string literal opening at `start` (an unclosed one ends at its line or the file). */
function stringEnd(src: string, start: number, quote: string): number {
  const triple = src.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let j = start + close.length;
  while (j < src.length) {
    if (src[j] === '\\') j += 2;
    else if (src.startsWith(close, j)) return j + close.length;
    else if (!triple && src[j] === '\n') return j;
    else j++;
  }
  return src.length;
}

/** The text between the parenthesis at `open` and its match. */
function bracketed(code: string, open: number): string {
  let depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === '(') depth++;
    else if (code[j] === ')' && --depth === 0) return code.slice(open + 1, j);
  }
  return code.slice(open + 1);
}

const CLASS_LINE = /^class[ \t]+([A-Za-z_]\w*)[ \t]*(\()?/gm;
const NAMES = /[A-Za-z_][\w.]*/g;

/** Top-level classes and the names their bases mention. */
function topLevelClasses(code: string): Array<{ name: string; bases: string[] }> {
  return [...code.matchAll(CLASS_LINE)].map((m) => ({
    name: m[1]!,
    bases: m[2] ? (bracketed(code, m.index + m[0].length - 1).match(NAMES) ?? []) : [],
  }));
}

export function scanPluginClasses(source: string): ClassScan {
  const code = codeOnly(source);
  const classes = topLevelClasses(code);
  const plugin = new Set([
    'BasePlugin',
    ...[...code.matchAll(/\bBasePlugin[ \t]+as[ \t]+([A-Za-z_]\w*)/g)].map((m) => m[1]!),
  ]);
  const derives = (bases: string[]) => bases.some((b) => plugin.has(b) || b.endsWith('.BasePlugin'));
  // Repeated until nothing changes, so a base defined below its subclass still counts.
  for (let grew = true; grew;) {
    grew = false;
    for (const c of classes) {
      if (!plugin.has(c.name) && derives(c.bases)) grew = !!plugin.add(c.name);
    }
  }
  const derived = classes.filter((c) => plugin.has(c.name));
  const extended = new Set(derived.flatMap((c) => c.bases));
  return {
    candidates: derived.filter((c) => !extended.has(c.name)).map((c) => c.name),
    classes: classes.map((c) => c.name),
  };
}

const refused = (entry: string, message: string, received: string[]) =>
  new AppError('PLUGIN_MANIFEST_INVALID', {
    message: `${message}; name the plugin's class in manifest.json's class_name`,
    context: {
      problems: [
        {
          in: 'manifest',
          field: 'class_name',
          expected: `one class deriving from BasePlugin in ${entry}`,
          received: received.length ? received.join(', ') : 'none',
        },
      ],
    },
  });

/** The class to build from `source` (the entry module `entry`); PLUGIN_MANIFEST_INVALID naming the candidates otherwise. */
export function findPluginClass(source: string, entry: string): string {
  const { candidates, classes } = scanPluginClasses(source);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1)
    throw refused(entry, `${entry} has several classes deriving from BasePlugin: ${candidates.join(', ')}`, candidates);
  const seen = classes.length ? `its classes: ${classes.join(', ')}` : 'it defines no class';
  throw refused(entry, `${entry} has no class deriving from BasePlugin (${seen})`, []);
}

/** findPluginClass on the file `file`, shown as `entry` in messages. */
export function pluginClassOf(file: string, entry: string): string {
  return findPluginClass(fs.readFileSync(file, 'utf8'), entry);
}
