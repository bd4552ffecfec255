import fs from 'node:fs';
import path from 'node:path';

export const SECRETS_FILE = 'config_secrets.json';

export interface StoreSecrets {
  /** GitHub token for a higher API rate limit (optional). */
  githubToken: string | null;
  /** Shared secret of the registry webhook; without one the webhook is off. */
  webhookSecret: string | null;
}

const usable = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' && !/^YOUR_/i.test(v.trim()) ? v.trim() : null;

/**
 * The store's secrets, read from `config/config_secrets.json` on every call so an edit applies
 * without a restart (the file is small). Keys: `github.token` (LEDMatrix's `github.api_token` is
 * accepted too) and `github.webhook_secret`. LEDMatrix's placeholder values (`YOUR_...`) count as
 * absent. A missing or unreadable file means no secrets; the config store owns its validation.
 * This is the only place the store reads secrets, so moving it onto the config store is one change.
 */
export function readStoreSecrets(configDir: string): StoreSecrets {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(configDir, SECRETS_FILE), 'utf8'));
  } catch {
    return { githubToken: null, webhookSecret: null };
  }
  const github = (doc as { github?: Record<string, unknown> } | null)?.github ?? {};
  return {
    githubToken: usable(github.token) ?? usable(github.api_token),
    webhookSecret: usable(github.webhook_secret),
  };
}
