import type { SecretTree } from './secret-tree.ts';

/**
 * Marquee's own secrets, stored only in config_secrets.json: the GitHub token used for registry
 * and repository requests (LEDMatrix's `github.api_token`) and the registry webhook's HMAC secret.
 */
export const CORE_SECRETS: SecretTree = {
  // `token` and `webhook_secret` are the names the store reads (core/store/secrets.ts).
  github: { api_token: true, token: true, webhook_secret: true },
  webhooks: { registry_secret: true },
};
