/**
 * A client of a real Python host: spawns it with a socket pair on fd 3 (Node's 'pipe' stdio is a
 * Unix stream socket pair) and pairs each request with the frames sent for it and its reply.
 * Used by the tests (through host-client.ts) and by the python-host benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import { encodeMessage, MessageDecoder, PROTOCOL_VERSION, type Message } from '../../../core/hosts/protocol.ts';
import { pythonHostCommand } from '../../../core/hosts/python/command.ts';

export const PYTHON = process.env.MARQUEE_TEST_PYTHON ?? '/usr/bin/python3';
export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/ledmatrix-plugins');

export interface Reply {
  reply: Message;
  frames: { header: Message; payload: Buffer; at: number }[];
  /** performance.now() when the request was written. */
  sentAt: number;
}

export interface HostClient {
  child: ChildProcess;
  logs: Message[];
  request(t: string, fields?: Record<string, unknown>): Promise<Reply>;
  /** Sends without waiting (for requests that never get an answer); returns the id. */
  send(t: string, fields?: Record<string, unknown>): number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnHost(opts: { python?: string; env?: Record<string, string>; args?: string[] } = {}): HostClient {
  const cmd = pythonHostCommand(opts.python ?? PYTHON);
  const child = spawn(cmd.command, [...cmd.args, ...(opts.args ?? [])], {
    cwd: cmd.cwd,
    env: { ...cmd.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const channel = child.stdio[3] as Socket;
  const decoder = new MessageDecoder();
  const pending = new Map<number, { reply: Omit<Reply, 'reply'>; resolve: (r: Reply) => void }>();
  const logs: Message[] = [];
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  channel.on('error', () => {});
  channel.on('data', (chunk: Buffer) => {
    for (const m of decoder.push(chunk)) {
      const p = pending.get(m.header.id as number);
      if (m.header.t === 'log') logs.push(m.header);
      else if (m.header.t === 'frame')
        p?.reply.frames.push({ header: m.header, payload: Buffer.from(m.payload), at: performance.now() });
      else if (p) {
        pending.delete(m.header.id as number);
        p.resolve({ ...p.reply, reply: m.header });
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let nextId = 1;
  const send = (t: string, fields: Record<string, unknown> = {}) => {
    const id = nextId++;
    channel.write(encodeMessage({ t, id, ...fields }));
    return id;
  };
  const request = (t: string, fields: Record<string, unknown> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId;
      pending.set(id, { reply: { frames: [], sentAt: performance.now() }, resolve });
      void exited.then(() => pending.has(id) && reject(new Error(`host exited before answering ${t}: ${err}`)));
      send(t, fields);
    });
  return { child, logs, send, request, stdout: () => out, stderr: () => err, exited };
}

export interface PluginPlace {
  id: string;
  dir: string;
  data_dir: string;
  manifest: Record<string, unknown>;
}

export async function initHost(
  host: HostClient,
  panel = { width: 64, height: 32 },
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const { reply } = await host.request('init', {
    protocol: PROTOCOL_VERSION,
    panel,
    facts: { timezone: 'UTC' },
    ...extra,
  });
  if (reply.t !== 'done') throw new Error(`init failed: ${JSON.stringify(reply)}`);
  return reply;
}

export async function loadPlugin(
  host: HostClient,
  p: PluginPlace,
  config: Record<string, unknown> = {},
  venv?: string,
) {
  const plugin = { id: p.id, dir: p.dir, data_dir: p.data_dir, entry: 'manager.py', manifest: p.manifest, venv };
  return (await host.request('load', { plugin, config })).reply;
}

export function render(host: HostClient, pluginId: string, extra: Record<string, unknown> = {}) {
  return host.request('render', {
    plugin_id: pluginId,
    mode: pluginId,
    now: Date.now(),
    frame_no: 0,
    force_clear: true,
    ...extra,
  });
}

/** Copies fixture plugins into <base>/plugin-repos (as installed plugins are), data folders in <base>/data/plugins. */
export function copyFixtures(base: string, ids: string[]) {
  const pluginsDir = path.join(base, 'plugin-repos');
  const dataDir = path.join(base, 'data', 'plugins');
  fs.mkdirSync(dataDir, { recursive: true });
  const plugins: Record<string, PluginPlace> = {};
  for (const id of ids) {
    const dir = path.join(pluginsDir, id);
    fs.cpSync(path.join(FIXTURES, id), dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    plugins[id] = { id, dir, data_dir: path.join(dataDir, id), manifest };
  }
  return { pluginsDir, dataDir, plugins };
}
