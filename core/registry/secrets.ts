import type { StoreEnv } from './env.ts';

export interface StoreSecrets {
  /** GitHub token for a higher API rate limit (optional). */
  githubToken: string | null;
  /** Shared secret of the registry webhook; without one the webhook is off. */
  webhookSecret: string | null;
}

const usable = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' && !/^YOUR_/i.test(v.trim()) ? v.trim() : null;

/**
 * The store's secrets, read through the config store on every call (it re-reads
 * config_secrets.json only when the file changed, so an edit applies without a restart). Keys:
 * `github.api_token` (LEDMatrix's name; `github.token` is accepted too) and
 * `github.webhook_secret`. LEDMatrix's placeholder values (`YOUR_...`) count as absent.
 */
export function readStoreSecrets(deps: Pick<StoreEnv, 'config'>): StoreSecrets {
  return {
    githubToken: usable(deps.config.secret(['github', 'api_token'])) ?? usable(deps.config.secret(['github', 'token'])),
    webhookSecret: usable(deps.config.secret(['github', 'webhook_secret'])),
  };
}
