/**
 * A device for the request-path, save and memory scenarios: the first-party plugins installed from
 * folders, a loopback registry listing `storeSize` plugins (the fixture's 48, cloned under new ids
 * to reach the size) and a loopback GitHub, answering at once. A bare node:http server answering
 * the same body is the floor each API figure is compared with (bare-server.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { reachableRoot } from './display-support.ts';
import { startServer, type RunningServer } from './harness.ts';
import { mockGithub, mockRegistry } from './mock-upstream.ts';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/registry/ledmatrix-plugins-monorepo.json');
const FIRST_PARTY = path.join(PROJECT_ROOT, 'plugin-repos');

/** The fixture's registry document grown to `size` plugins. */
export function registryOf(size: number): string {
  const doc = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { plugins: Array<Record<string, unknown>> };
  const base = doc.plugins;
  doc.plugins = Array.from({ length: size }, (_, i) => {
    const p = base[i % base.length]!;
    return i < base.length
      ? p
      : { ...p, id: `${p.id}-${i}`, name: `${p.name} ${i}`, plugin_path: `plugins/${p.id}-${i}` };
  });
  return JSON.stringify(doc);
}

export interface BenchDevice {
  server: RunningServer;
  pluginIds: string[];
  /** config.json's folder, kept across restarts. */
  configDir: string;
  /** Stops the web process and starts it again on the same folders (a device after a reboot). */
  restart(): Promise<RunningServer>;
  close(): Promise<void>;
}

export async function startBenchDevice(opts: {
  storeSize: number;
  env?: Record<string, string>;
}): Promise<BenchDevice> {
  const registry = await mockRegistry(registryOf(opts.storeSize), 0);
  const github = await mockGithub(0);
  // Reachable by the plugin hosts' user when the bench runs as root (their plugin and data folders).
  const root = reachableRoot('marquee-bench-device-');
  const pluginsDir = path.join(root, 'plugin-repos');
  // Here rather than in each server's own folder, so a restart finds the config the first start wrote.
  const configDir = path.join(root, 'config');
  const pluginIds = fs
    .readdirSync(FIRST_PARTY)
    .filter((d) => fs.existsSync(path.join(FIRST_PARTY, d, 'manifest.json')));
  for (const id of pluginIds) fs.cpSync(path.join(FIRST_PARTY, id), path.join(pluginsDir, id), { recursive: true });
  const env = {
    MARQUEE_REGISTRY_SOURCES: `${registry.url}/plugins.json`,
    MARQUEE_GITHUB_API_URL: github.url,
    MARQUEE_PLUGINS_DIR: pluginsDir,
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    MARQUEE_CONFIG_DIR: configDir,
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    ...opts.env,
  };
  const device: BenchDevice = {
    server: await startServer(env),
    pluginIds,
    configDir,
    async restart() {
      await device.server.stop();
      device.server = await startServer(env);
      return device.server;
    },
    async close() {
      await device.server.stop();
      await Promise.all([registry.close(), github.close()]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return device;
}

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A bare node:http server in its own process answering every request with `body`. */
export async function startBareServer(body: Buffer): Promise<BareServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-bare-'));
  fs.writeFileSync(path.join(dir, 'body.json'), body);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'bare-server.mjs'), path.join(dir, 'body.json')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** The whole answer to a GET, as bytes. */
export async function bodyOf(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
