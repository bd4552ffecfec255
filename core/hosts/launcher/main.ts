/**
 * The host launcher process, forked by the display while it is still root (client.ts). It keeps
 * root so hosts can be started as a user of their own after the display has given it up, runs no
 * plugin code, and lives only as long as the display's channel: when that closes it kills every
 * host it started and exits. Signals meant for the display's group (a terminal's Ctrl-C, systemd's
 * stop) do not end it: the display stops its hosts first, then its exit closes the channel.
 */
import type { Socket } from 'node:net';
import { findTool, probeConfinement } from '../confine.ts';
import { checkConfig, type LauncherConfig } from './requests.ts';
import { createLauncherService } from './serve.ts';

function fail(why: string): never {
  process.stderr.write(`host launcher: ${why}\n`);
  process.exit(78);
}

if (!process.send) fail('it is started by the display, with a channel to it');
if (process.getuid?.() !== 0) fail('it must be started as root');
let config: LauncherConfig;
try {
  config = checkConfig(JSON.parse(process.argv[2] ?? 'null'));
} catch (e) {
  fail(`bad configuration: ${(e as Error).message}`);
}
// The hosts' files are shared with Marquee's user through their group (data folders are setgid).
process.umask(0o007);
const confinement = probeConfinement({ isRoot: true, hostUser: config.user });
// A message to a display already gone is dropped: its channel's end stops the launcher anyway.
const send = (m: Record<string, unknown>, h?: Socket) => void process.send!(m, h, {}, () => {});
const service = createLauncherService({ config, confinement, setpriv: findTool('setpriv'), send });
process.on('message', (m) => service.handle(m));
process.once('disconnect', () => {
  service.killAll();
  process.exit(0);
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => {});
send({ t: 'ready', confinement });
