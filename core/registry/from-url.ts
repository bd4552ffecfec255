/**
 * LEDMatrix's "registry from URL": reads a registry document from a URL a person gives (a
 * `plugins.json` URL or a GitHub repository holding one) and lists its plugins, without keeping
 * it as a source (saving a repository does that). Only http(s): a path on this machine is refused.
 */
import { PROJECT_ROOT } from '../../hono.config.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { present, type StorePlugin } from './catalog.ts';
import type { StoreEnv } from './env.ts';
import { fetchSource } from './fetch-source.ts';
import { parseRegistry } from './registry-format.ts';
import type { RuntimeView } from './runtime.ts';
import { normaliseSource, type SourceDef } from './sources.ts';

export interface RegistryFromUrl {
  registry_url: string;
  plugins: StorePlugin[];
  /** Entries the document had but that are not valid, with why. */
  skipped: Array<{ index: number; id: string | null; problems: unknown[] }>;
}

type Env = Pick<StoreEnv, 'http' | 'settings' | 'clock'> & { runtimes?: RuntimeView };

function sourceOf(repoUrl: string): SourceDef {
  const n = normaliseSource(repoUrl, PROJECT_ROOT);
  if (n.kind === 'file') {
    throw new AppError('URL_NOT_ALLOWED', {
      message: `Only http(s) URLs are read here, not paths on this machine: ${repoUrl}`,
      context: { url: repoUrl },
    });
  }
  return { ...n, id: n.location, origin: 'saved', name: n.defaultName };
}

export async function registryFromUrl(env: Env, repoUrl: string, signal?: AbortSignal): Promise<RegistryFromUrl> {
  const def = sourceOf(repoUrl);
  const got = await fetchSource(env, def, null, signal);
  if (got.kind === 'failed') {
    const cause = got.error instanceof Error ? got.error.message : String(got.error);
    throw new AppError('REGISTRY_INVALID', {
      message: `No registry could be read from ${def.location}: ${cause}`,
      context: { url: def.location, tried: def.candidates },
      transient: false,
      cause: got.error,
    });
  }
  if (got.kind !== 'modified') throw new TypeError(`unexpected ${got.kind} without validators`);
  const parsed = parseRegistry(got.body, def.id);
  await env.runtimes?.check('python');
  return {
    registry_url: got.url,
    plugins: parsed.entries.map((e) => present(e, new Map(), env.runtimes)),
    skipped: parsed.skipped,
  };
}
