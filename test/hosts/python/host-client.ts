/** The tests' side of host-process.ts: hosts killed after each test, fixture plugins installed in temp folders. */
import { afterEach } from 'vitest';
import { tempDir } from '../../support/temp.ts';
import { copyFixtures, spawnHost, type HostClient } from './host-process.ts';

export { FIXTURES, initHost, loadPlugin, PYTHON, render, type HostClient, type PluginPlace } from './host-process.ts';

const started: HostClient[] = [];
afterEach(() => {
  for (const h of started.splice(0))
    if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
});

export function startHost(opts: { python?: string; env?: Record<string, string>; args?: string[] } = {}): HostClient {
  const host = spawnHost(opts);
  started.push(host);
  return host;
}

/** Copies fixture plugins into a fresh plugins folder (as installed plugins are), data folders beside it. */
export function installFixtures(ids: string[]) {
  return copyFixtures(tempDir('py-host-'), ids);
}
