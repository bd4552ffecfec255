/**
 * Saves that touch config.json as a whole: POST /config/main (objects merged deeply, arrays
 * replaced, a key that is a plugin id handled as that plugin's settings) and the whole-file edits
 * of raw/main and raw/secrets. Every section a save touches is validated; one problem anywhere
 * rejects the whole save.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../platform/validation.ts';
import { CORE_SECRETS } from '../secrets/core.ts';
import { SECRET_NAME, resolveUnchanged } from '../secrets/mask.ts';
import { deepMerge, isPlainObject } from './merge.ts';
import { pluginProblems, sectionOf, type Plan, type PlanContext } from './context.ts';
import { pluginSecretTree } from './plugin.ts';
import { PLUGIN_ID } from '../plugins-known.ts';
import { isSecretPath, subtree, treeFromValue, unionTrees, type SecretTree } from '../secrets/tree.ts';
import { overlaySecrets, splitSecrets } from '../secrets/split.ts';
import { withSections } from './sections.ts';
import { isCoreSection, type JsonObject } from '../types.ts';
import { validateCoreSections } from '../schema/validate-core.ts';
import { configInvalid } from '../schema/validation-error.ts';

const hasSchemaFolder = (ctx: PlanContext, key: string) =>
  PLUGIN_ID.test(key) && fs.existsSync(path.join(ctx.pluginsDir, key, 'manifest.json'));

/** Secret tree of one top-level key, and the problems of its new value. */
function sectionRules(
  ctx: PlanContext,
  key: string,
  value: unknown,
  check = true,
): { tree?: SecretTree; problems: Problem[] } {
  const stored = ctx.state.secrets[key];
  if (isCoreSection(key) || !isPlainObject(value)) {
    const tree = unionTrees(subtree(CORE_SECRETS, key), treeFromValue(stored));
    return { tree, problems: check && isCoreSection(key) ? validateCoreSections({ [key]: value }, [key]) : [] };
  }
  if (!hasSchemaFolder(ctx, key))
    return { tree: pluginSecretTree({ tree: undefined, schema: null } as never, stored, value), problems: [] };
  const entry = ctx.schemas.get(key, { fresh: true });
  const tree = pluginSecretTree(entry, stored, value);
  return { tree, problems: check ? pluginProblems(ctx, entry, value, tree, key) : [] };
}

/** Whether a position may hold a secret: declared, already stored as one, or named like one. */
function secretPositions(ctx: PlanContext, keys: string[]): (p: (string | number)[]) => boolean {
  const trees = new Map(keys.map((k) => [k, sectionRules(ctx, k, ctx.state.main[k], false).tree]));
  return (p) =>
    p.some((k) => typeof k === 'string' && SECRET_NAME.test(k)) ||
    (p.length > 0 && isSecretPath(trees.get(String(p[0])), p.slice(1)));
}

function planSections(ctx: PlanContext, updates: Record<string, unknown>, reason: string, message: string): Plan {
  const trees = new Map<string, SecretTree | undefined>();
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(updates)) {
    if (value === undefined) continue;
    const rules = sectionRules(ctx, key, value);
    trees.set(key, rules.tree);
    problems.push(...rules.problems);
  }
  if (problems.length) throw configInvalid(problems);
  return { ...withSections(ctx.state, updates, (k) => trees.get(k)), reason, message };
}

export function planMainMerge(ctx: PlanContext, patch: JsonObject): Plan {
  const keys = Object.keys(patch);
  const existing = overlaySecrets(ctx.state.main, ctx.state.secrets) as JsonObject;
  const resolved = sectionOf(resolveUnchanged(patch, existing, secretPositions(ctx, keys)));
  const next = deepMerge(existing, resolved);
  const updates = Object.fromEntries(keys.map((k) => [k, next[k]]));
  return planSections(ctx, updates, `main ${keys.join(', ')}`, 'Configuration saved successfully');
}

/** schedule / dim_schedule: merged into the stored section; `days` replaced when given. */
export function planSection(
  ctx: PlanContext,
  section: 'schedule' | 'dim_schedule',
  value: JsonObject,
  base: JsonObject,
): Plan {
  const current = isPlainObject(ctx.state.main[section]) ? (ctx.state.main[section] as JsonObject) : base;
  const next = deepMerge(value.days ? { ...current, days: {} } : current, value);
  const label = section === 'schedule' ? 'Schedule' : 'Dim schedule';
  return planSections(ctx, { [section]: next }, section, `${label} configuration saved successfully`);
}

/** A value with stored secrets filling the positions it leaves out (the value wins where it has one). */
function underlay(value: unknown, secret: unknown): unknown {
  if (secret === undefined) return value;
  if (value === undefined) return secret;
  if (isPlainObject(value) && isPlainObject(secret)) {
    const out: JsonObject = { ...value };
    for (const [k, v] of Object.entries(secret)) out[k] = underlay(value[k], v);
    return out;
  }
  if (Array.isArray(value) && Array.isArray(secret) && secret.every(isPlainObject))
    return value.map((item, i) => (isPlainObject(item) ? underlay(item, secret[i]) : item));
  return value;
}

/**
 * Replaces config.json. Masks copied back from a GET mean "unchanged"; secret fields found in the
 * content move to the secrets file; secrets of sections the content leaves out stay stored.
 */
export function planRawMain(ctx: PlanContext, content: JsonObject): Plan {
  const existing = overlaySecrets(ctx.state.main, ctx.state.secrets) as JsonObject;
  const keys = [...new Set([...Object.keys(content), ...Object.keys(ctx.state.main)])];
  const resolved = sectionOf(resolveUnchanged(content, existing, secretPositions(ctx, keys)));
  const main: JsonObject = {};
  const secrets: JsonObject = { ...ctx.state.secrets };
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(resolved)) {
    const full = underlay(value, ctx.state.secrets[key]);
    const rules = sectionRules(ctx, key, full);
    problems.push(...rules.problems);
    const [regular, secret] = splitSecrets(full, rules.tree);
    if (regular !== undefined) main[key] = regular;
    const kept = isPlainObject(secret) ? deepMerge({}, secret) : secret;
    if (kept === undefined || kept === null || (isPlainObject(kept) && !Object.keys(kept).length)) delete secrets[key];
    else secrets[key] = kept;
  }
  if (problems.length) throw configInvalid(problems);
  return { main, secrets, reason: 'raw config.json', message: 'Main configuration saved successfully' };
}

/** Replaces config_secrets.json; a mask or blank keeps the stored value, null removes it. */
export function planRawSecrets(ctx: PlanContext, content: JsonObject): Plan {
  const resolved = sectionOf(resolveUnchanged(content, ctx.state.secrets, () => true));
  const secrets = deepMerge({}, resolved);
  const problems = validateCoreSections(secrets, ['github']);
  // A plugin's secrets are half of its settings: each section this save changes is validated as the
  // plugin will read it, its config.json part with these secrets laid over.
  for (const [key, value] of Object.entries(secrets)) {
    if (isCoreSection(key) || JSON.stringify(value) === JSON.stringify(ctx.state.secrets[key])) continue;
    problems.push(...sectionRules(ctx, key, overlaySecrets(ctx.state.main[key], value)).problems);
  }
  if (problems.length) throw configInvalid(problems);
  return {
    main: ctx.state.main,
    secrets,
    reason: 'raw config_secrets.json',
    message: 'Secrets configuration saved successfully',
  };
}
