import type { Problem } from '../lib/api-error.ts';
import { problemText } from '../lib/problem-text.ts';
import { normalizeField, pathKey, type Path } from './paths.ts';
import { enumLabel, fieldKind, isHidden, itemSchema, labelOf, type JsonSchema } from './schema.ts';

export interface PlacedProblems {
  /** Sentences by the dotted path of the field that shows them. */
  byField: Map<string, string[]>;
  /** Problems that name no field of this form (the whole config, an unknown key). */
  unplaced: Problem[];
  /** Every problem with the field it was placed on (`null`: unplaced) and its sentence, in order. */
  all: Array<{ problem: Problem; field: string | null; text: string }>;
}

/**
 * The label of the field at `key` (as the form shows it: its title, or its key in words) and its
 * schema; a row of a list or table is "Feeds, row 2". Keys the schema does not declare are put in words.
 */
export function labelAt(schema: JsonSchema, key: string): { label: string; schema: JsonSchema | undefined } {
  let s: JsonSchema | undefined = schema;
  let label = '';
  if (key === '(root)') return { label: 'These settings', schema };
  for (const seg of key.split('.').filter(Boolean)) {
    const child: JsonSchema | undefined = s?.properties?.[seg];
    if (child) {
      label = labelOf(seg, child);
      s = child;
    } else if (s && /^\d+$/.test(seg) && (fieldKind(s) === 'table' || fieldKind(s) === 'list')) {
      label = `${label}, row ${Number(seg) + 1}`;
      s = itemSchema(s);
    } else {
      label = labelOf(seg, {});
      s = undefined;
    }
  }
  return { label: label || 'This setting', schema: s };
}

/** A problem as one sentence in the words of its field's label. */
export function problemSentence(schema: JsonSchema, problem: Problem): string {
  const at = labelAt(schema, normalizeField(problem.field));
  return problemText(problem, at.label, at.schema?.enum ? (v) => enumLabel(at.schema!, v) : undefined);
}

/**
 * The field of the form that shows a problem at `key`: the deepest drawn field on the way. Rows of a
 * table are not fields of their own, so a problem with a whole row goes to its table.
 */
export function fieldFor(schema: JsonSchema, key: string): string | null {
  const matched: string[] = [];
  let s: JsonSchema | undefined = schema;
  let rowOfTable = false;
  for (const seg of key.split('.').filter(Boolean)) {
    const kind: string = fieldKind(s);
    const child: JsonSchema | undefined = s.properties?.[seg];
    if (kind === 'object' && child && !isHidden(child)) {
      s = child;
      rowOfTable = false;
    } else if ((kind === 'table' || kind === 'list') && /^\d+$/.test(seg)) {
      s = itemSchema(s);
      rowOfTable = kind === 'table';
    } else break;
    matched.push(seg);
  }
  if (rowOfTable) matched.pop();
  return matched.length ? matched.join('.') : null;
}

/** Sorts problems onto the fields that show them; one that lands on a parent names the part it is about. */
export function placeProblems(schema: JsonSchema, problems: readonly Problem[]): PlacedProblems {
  const byField = new Map<string, string[]>();
  const unplaced: Problem[] = [];
  const all: PlacedProblems['all'] = [];
  for (const problem of problems) {
    const key = normalizeField(problem.field);
    const field = fieldFor(schema, key);
    const text = problemSentence(schema, problem);
    all.push({ problem, field, text });
    if (!field) {
      unplaced.push(problem);
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), text]);
  }
  return { byField, unplaced, all };
}

/** Whether a problem is about the field at `path`, something inside it, or what contains it. */
export function concerns(schema: JsonSchema, problem: Problem, path: Path): boolean {
  const field = fieldFor(schema, normalizeField(problem.field));
  const key = pathKey(path);
  return field !== null && (field === key || field.startsWith(`${key}.`) || key.startsWith(`${field}.`));
}
