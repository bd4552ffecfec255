import type { Context } from 'hono';
import { describeProblem } from '../../config/health.ts';
import type { ConfigProblem, JsonObject } from '../../config/types.ts';
import { ok } from '../envelope.ts';
import type { AppEnv } from '../types.ts';

/**
 * A settings read. When a config file has a problem, the answer says so: `message` in words,
 * `metadata.config_problems` in detail, and `metadata.secrets_unavailable: true` when the secrets
 * file cannot be read (the settings are then served without their secrets).
 */
export function configResponse(c: Context<AppEnv>, data: JsonObject, problems: ConfigProblem[]): Response {
  if (!problems.length) return ok(c, data);
  const unavailable = problems.some((p) => p.kind === 'unreadable' && p.file === 'config_secrets.json');
  return ok(c, data, {
    message: problems.map(describeProblem).join('; '),
    metadata: { config_problems: problems, ...(unavailable ? { secrets_unavailable: true } : {}) },
  });
}
