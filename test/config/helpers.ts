import fs from 'node:fs';
import path from 'node:path';
import { jsonInit, testApp, testDeps, type TestDeps } from '../support/deps.ts';
import { WEATHER_SCHEMA, writePlugin } from '../support/plugins.ts';

export const MASK = '\u2022'.repeat(8);

/**
 * The real app over fresh temp folders, with a `weather` plugin (schema with secrets) installed and
 * the queue runner started (saves are configure operations).
 */
export async function setup(overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  writePlugin(deps.settings.pluginsDir, 'weather', WEATHER_SCHEMA);
  deps.tasks.startAll();
  const { app } = await testApp(deps);
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await app.request(url, method === 'GET' ? { method } : jsonInit(method, body));
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Record<string, any> };
  };
  return { app, deps, call, ...files(deps) };
}

/** Ids of the settings history, newest first. */
export const backupIds = (deps: Pick<TestDeps, 'config'>) => deps.config.backups().map((b) => b.id);

export function files(deps: TestDeps) {
  const { main, secrets } = deps.config.paths;
  return {
    readMain: () => JSON.parse(fs.readFileSync(main, 'utf8')) as Record<string, any>,
    readSecrets: () => JSON.parse(fs.readFileSync(secrets, 'utf8')) as Record<string, any>,
    /** Everything a rejected save must leave as it was: both files' bytes and the history. */
    snapshot: () => ({
      main: fs.readFileSync(main, 'utf8'),
      secrets: fs.readFileSync(secrets, 'utf8'),
      backups: backupIds(deps),
      dir: fs.readdirSync(path.dirname(main)).sort(),
    }),
  };
}
