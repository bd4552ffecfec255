/**
 * Saves of one plugin's section: settings posted by the UI (merged into what is stored), reset to
 * defaults, and the remove / restore pair uninstall needs.
 */
import { SECRET_NAME, countLeaves, resolveUnchanged } from '../secrets/mask.ts';
import { deepMerge, isPlainObject, jsonEqual } from './merge.ts';
import { pluginProblems, requireKnownPlugin, sectionOf, type Plan, type PlanContext } from './context.ts';
import { schemaDefaults } from '../schema/plugin.ts';
import type { PluginSchemaEntry } from '../schema/cache.ts';
import { isSecretPath, treeFromValue, unionTrees, type SecretTree } from '../secrets/tree.ts';
import { overlaySecrets, splitSecrets } from '../secrets/split.ts';
import { withSections } from './sections.ts';
import type { JsonObject } from '../types.ts';
import { configInvalid } from '../schema/validation-error.ts';

/** Keys that look like credentials, as a tree (for plugins without a schema). */
function nameTree(value: unknown): SecretTree | undefined {
  if (Array.isArray(value)) {
    const items = value.map(nameTree).reduce<SecretTree | undefined>((a, b) => unionTrees(a, b), undefined);
    return items === true ? true : items ? { '[]': items } : undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, SecretTree> = {};
  for (const [key, v] of Object.entries(value)) {
    const t = SECRET_NAME.test(key) ? true : nameTree(v);
    if (t) out[key] = t;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Where a plugin's secrets go: its schema's x-secret fields, whatever the secrets file already holds, and (without a schema) credential-like names. */
export function pluginSecretTree(
  entry: PluginSchemaEntry,
  storedSecrets: unknown,
  value?: unknown,
): SecretTree | undefined {
  const tree = unionTrees(entry.tree, treeFromValue(storedSecrets));
  return entry.schema ? tree : unionTrees(tree, nameTree(value));
}

export function planPluginSave(ctx: PlanContext, id: string, incoming: JsonObject): Plan {
  requireKnownPlugin(ctx, id);
  const entry = ctx.schemas.get(id, { fresh: true });
  const stored = ctx.state.secrets[id];
  const existing = sectionOf(overlaySecrets(sectionOf(ctx.state.main[id]), stored));
  const incomingTree = pluginSecretTree(entry, stored, incoming);
  const patch = sectionOf(resolveUnchanged(incoming, existing, (p) => isSecretPath(incomingTree, p)));
  const next = deepMerge(existing, patch);
  const tree = pluginSecretTree(entry, stored, next);
  const problems = pluginProblems(ctx, entry, next, tree);
  if (problems.length) throw configInvalid(problems, { plugin_id: id });
  const files = withSections(ctx.state, { [id]: next }, () => tree);
  const secretsChanged = !jsonEqual(files.secrets[id], stored);
  const n = secretsChanged ? countLeaves(files.secrets[id]) : 0;
  return {
    ...files,
    reason: `plugin ${id}`,
    secretFieldsSaved: n,
    message: `Plugin ${id} configuration saved successfully${n ? ` (${n} secret field(s) saved to config_secrets.json)` : ''}`,
  };
}

export function planPluginReset(ctx: PlanContext, id: string, preserveSecrets: boolean): Plan {
  requireKnownPlugin(ctx, id);
  const entry = ctx.schemas.get(id, { fresh: true });
  const defaults = schemaDefaults(entry.schema, ctx.state.main.location);
  const stored = ctx.state.secrets[id];
  const [, secretDefaults] = splitSecrets(defaults, entry.tree);
  const keep = preserveSecrets && isPlainObject(stored) ? deepMerge(sectionOf(secretDefaults), stored) : secretDefaults;
  const next = overlaySecrets(splitSecrets(defaults, entry.tree)[0], keep);
  const files = withSections(ctx.state, { [id]: next }, () => pluginSecretTree(entry, keep, next));
  return { ...files, reason: `reset plugin ${id}`, message: `Plugin ${id} configuration reset to defaults` };
}

/** Removes a plugin's section from both files (uninstall); the caller keeps the snapshot to restore. */
export function planPluginRemove(ctx: PlanContext, id: string): Plan {
  const files = withSections(ctx.state, { [id]: undefined }, () => undefined);
  return { ...files, reason: `remove plugin ${id}`, message: `Plugin ${id} configuration removed` };
}

/** Puts back sections exactly as they were (a failed uninstall); no validation: it is the previous state. */
export function planPluginRestore(ctx: PlanContext, id: string, main?: unknown, secrets?: unknown): Plan {
  const put = (base: JsonObject, value?: unknown) => {
    const out = { ...base };
    if (value === undefined) delete out[id];
    else out[id] = value;
    return out;
  };
  return {
    main: put(ctx.state.main, main),
    secrets: put(ctx.state.secrets, secrets),
    reason: `restore plugin ${id}`,
    message: `Plugin ${id} configuration restored`,
  };
}
