import path from 'node:path';
import * as v from 'valibot';
import { toProblems } from '../validation.ts';
import { parseEnvValue, setPath, type EnvBinding } from './env.ts';

/** An invalid setting; its message is the single line printed before the process exits. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export interface LoadOptions<S extends v.GenericSchema> {
  schema: S;
  env: Record<string, string | undefined>;
  bindings: Record<string, EnvBinding>;
  /** Values set by code (tests, tools), applied after the environment. */
  overrides?: Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Builds settings from the environment, validates them, and freezes the result. */
export function loadSettingsFrom<S extends v.GenericSchema>(opts: LoadOptions<S>): v.InferOutput<S> {
  const input: Record<string, unknown> = {};
  const sourceOf = new Map<string, string>();
  for (const [name, binding] of Object.entries(opts.bindings)) {
    const raw = opts.env[name];
    if (raw === undefined) continue;
    setPath(input, binding.path, parseEnvValue(raw, binding.kind));
    sourceOf.set(binding.path, name);
  }
  for (const [key, value] of Object.entries(opts.overrides ?? {})) setPath(input, key, value);
  const result = v.safeParse(opts.schema, input);
  if (!result.success) {
    const p = toProblems(result.issues)[0]!;
    // An item of a list setting (`allowedHosts.0`) came from the list's variable.
    const from = sourceOf.get(p.field) ?? sourceOf.get(p.field.replace(/\.\d+$/, ''));
    throw new SettingsError(
      `Invalid setting ${p.field}${from ? ` (from ${from})` : ''}: expected ${p.message}, received ${p.received}`,
    );
  }
  return deepFreeze(result.output);
}

/** Relative paths in settings are taken from the project folder, so the service runs from anywhere. */
export const resolveFrom = (root: string) => (p: string) => path.resolve(root, p);
