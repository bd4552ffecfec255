import { isPlainObject } from '../plan/merge.ts';
import type { SecretTree } from './tree.ts';
import type { JsonObject } from '../types.ts';

/**
 * Marquee's own secrets, stored only in config_secrets.json and masked like any other: the GitHub
 * token for registry and repository requests (`github.api_token`, LEDMatrix's name; `github.token`
 * is accepted too) and the registry webhook's HMAC secret (`github.webhook_secret`).
 */
export const CORE_SECRETS: SecretTree = {
  github: { api_token: true, token: true, webhook_secret: true },
};

export interface CoreSecrets {
  /** For a higher GitHub API rate limit; null when none is set. */
  githubToken: string | null;
  /** Without one the registry webhook is off. */
  webhookSecret: string | null;
}

/** A blank value or a LEDMatrix template placeholder (`YOUR_...`) counts as not set. */
const usable = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' && !/^YOUR_/i.test(v.trim()) ? v.trim() : null;

/** The core secrets as stored (never for a response). */
export function coreSecretsOf(secrets: JsonObject): CoreSecrets {
  const github = isPlainObject(secrets.github) ? secrets.github : {};
  return {
    githubToken: usable(github.api_token) ?? usable(github.token),
    webhookSecret: usable(github.webhook_secret),
  };
}
