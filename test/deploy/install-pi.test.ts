/**
 * What scripts/install-pi.sh installs, upgrades and removes, in dry-run mode
 * (test/support/install-pi.ts): the program, the settings, the units (checked with
 * `systemd-analyze verify` when it is present), the polkit rule and the panel's OS settings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS, PROJECT_ROOT } from '../../hono.config.ts';
import { CMDLINE, exists, fakeRoot, has, install, mode, read } from '../support/install-pi.ts';
import { tempDir } from '../support/temp.ts';
import { WEB_NODE_ENV, WEB_NODE_FLAGS } from '../../core/app/node-flags.ts';

const UNITS = ['marquee-web.service', 'marquee-display.service'];

const userExists = (name: string) => spawnSync('getent', ['passwd', name]).status === 0;

/** Runs the polkit rule file as polkit does (one `polkit.addRule` call) and asks it about `action`. */
function polkitAnswer(user: string, id: string, details: Record<string, string> = {}): string {
  const Result = { YES: 'yes', NO: 'no', NOT_HANDLED: 'not handled' };
  let rule: ((action: unknown, subject: unknown) => string | undefined) | null = null;
  const polkit = { Result, addRule: (fn: typeof rule) => (rule = fn) };
  new Function('polkit', read(PROJECT_ROOT, 'deploy/polkit/50-marquee.rules'))(polkit);
  return rule!({ id, lookup: (k: string) => details[k] }, { user }) ?? Result.NOT_HANDLED;
}

describe('the polkit rule', () => {
  it.each([
    ['marquee', 'org.freedesktop.systemd1.manage-units', { unit: 'marquee-web.service', verb: 'restart' }, 'yes'],
    ['marquee', 'org.freedesktop.systemd1.manage-units', { unit: 'marquee-display.service', verb: 'restart' }, 'yes'],
    ['marquee', 'org.freedesktop.systemd1.manage-units', { unit: 'marquee-web.service', verb: 'stop' }, 'not handled'],
    ['marquee', 'org.freedesktop.systemd1.manage-units', { unit: 'ssh.service', verb: 'restart' }, 'not handled'],
    ['marquee', 'org.freedesktop.login1.reboot', {}, 'yes'],
    ['marquee', 'org.freedesktop.login1.power-off-multiple-sessions', {}, 'yes'],
    ['marquee', 'org.freedesktop.login1.set-wall-message', {}, 'not handled'],
    ['marquee-plugin', 'org.freedesktop.login1.reboot', {}, 'not handled'],
    ['pi', 'org.freedesktop.systemd1.manage-units', { unit: 'marquee-web.service', verb: 'restart' }, 'not handled'],
  ])('%s asking %s %j: %s', (user, id, details, answer) => {
    expect(polkitAnswer(user, id, details)).toBe(answer);
  });
});

describe('install-pi.sh --dry-run', () => {
  it('writes the program, settings, units and panel settings under the root, with their modes, and runs nothing privileged', () => {
    const usersBefore = [userExists('marquee'), userExists('marquee-plugin')];
    const root = fakeRoot();
    const r = install(root, ['--arch', 'arm64', '--isolcpus']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    // The program: a copy of this checkout without what is built, installed or saved locally.
    expect(exists(root, 'opt/marquee/package.json')).toBe(true);
    expect(exists(root, 'opt/marquee/core/app/display.ts')).toBe(true);
    for (const left of ['node_modules', '.git', 'test', 'data', 'config', 'dist'])
      expect(exists(root, `opt/marquee/${left}`), left).toBe(false);
    expect(exists(root, 'opt/marquee.new')).toBe(false);

    // What the user saves: config only the service user may enter; plugin hosts (marquee-plugin's
    // group) may cross into plugin folders and their data folders, list neither data nor anyone's data.
    const lib = (d: string) => path.join(root, 'var/lib/marquee', d);
    const modes = Object.fromEntries(
      ['', 'data', 'data/plugins', 'config', 'plugins'].map((d) => [
        d,
        (fs.statSync(lib(d)).mode & 0o7777).toString(8),
      ]),
    );
    expect(modes).toEqual({ '': '750', data: '710', 'data/plugins': '2710', config: '750', plugins: '2750' });
    expect(exists(root, 'var/lib/marquee/plugins/clock/manifest.json')).toBe(true);

    // Settings: readable by root and the marquee group only.
    expect(mode(root, 'etc/marquee')).toBe('750');
    expect(mode(root, 'etc/marquee/marquee.env')).toBe('640');
    const env = read(root, 'etc/marquee/marquee.env');
    expect(env).toContain('MARQUEE_HOST=0.0.0.0\n');
    expect(env).toContain('MARQUEE_PORT=5000\n');
    expect(env).toContain('MARQUEE_DATA_DIR=/var/lib/marquee/data\n');
    const named = [...env.matchAll(/^#?(MARQUEE_[A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(named.filter((n) => !(n in ENV_BINDINGS))).toEqual([]);

    // Units: Node's path filled in, web never root, display root only until the panel is open.
    for (const unit of UNITS) expect(mode(root, `etc/systemd/system/${unit}`)).toBe('644');
    const web = read(root, 'etc/systemd/system/marquee-web.service');
    const display = read(root, 'etc/systemd/system/marquee-display.service');
    const node = execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).trim();
    expect(web).toContain(`ExecStart=${node} ${WEB_NODE_FLAGS.join(' ')} /opt/marquee/dist/server.mjs\n`);
    for (const [k, v] of Object.entries(WEB_NODE_ENV)) expect(web).toContain(`\nEnvironment=${k}=${v}\n`);
    expect(display).toContain(`ExecStart=${node} /opt/marquee/dist/display.mjs\n`);
    expect(web).toMatch(/^User=marquee$/m);
    expect(display).toMatch(/^Environment=MARQUEE_DISPLAY_USER=marquee$/m);
    // Plugin hosts run as marquee-plugin, started by the root launcher with nothing beyond the
    // display's own start-up capabilities (no KILL, no SYS_PTRACE).
    expect(display).toMatch(/^Environment=MARQUEE_PLUGIN_HOST_USER=marquee-plugin$/m);
    expect(display).toMatch(
      /^CapabilityBoundingSet=CAP_SYS_RAWIO CAP_SYS_NICE CAP_DAC_READ_SEARCH CAP_SETUID CAP_SETGID$/m,
    );
    for (const unit of [web, display]) {
      expect(unit).not.toContain('@NODE@');
      for (const line of ['Restart=always', 'Type=notify', 'NotifyAccess=all', 'NoNewPrivileges=yes'])
        expect(unit).toContain(`\n${line}\n`);
      expect(unit).toMatch(/^WatchdogSec=\d+$/m);
      expect(unit).toMatch(/^StartLimitBurst=\d+$/m);
      expect(unit).toMatch(/^MemoryMax=\d+%$/m);
      expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/marquee$/m);
    }

    // The polkit rule that lets the web service restart Marquee, reboot and power off.
    expect(mode(root, 'etc/polkit-1/rules.d/50-marquee.rules')).toBe('644');
    expect(read(root, 'etc/polkit-1/rules.d/50-marquee.rules')).toBe(
      read(PROJECT_ROOT, 'deploy/polkit/50-marquee.rules'),
    );

    // The panel's OS settings.
    expect(read(root, 'etc/modprobe.d/marquee-blacklist-snd-bcm2835.conf')).toMatch(/^blacklist snd_bcm2835$/m);
    expect(read(root, 'boot/firmware/cmdline.txt')).toBe(
      `${CMDLINE} cgroup_enable=memory cgroup_memory=1 isolcpus=3\n`,
    );
    expect(read(root, 'boot/firmware/cmdline.txt.marquee-backup')).toBe(`${CMDLINE}\n`);
    expect(r.out).toMatch(/Reboot to finish/);

    // Privileged steps are printed, not run.
    const expected = [
      /^chown -R marquee:marquee \/opt\/marquee\.new$/,
      /^runuser -u marquee -- env -C \/opt\/marquee\.new .* npm ci --no-audit --no-fund$/,
      /^runuser -u marquee -- .* npm run build$/,
      /^runuser -u marquee -- .* npm prune --omit=dev --no-audit --no-fund$/,
      /^chown -R marquee:marquee \/var\/lib\/marquee$/,
      /^usermod --append --groups marquee-plugin marquee$/,
      /^chown marquee:marquee-plugin \/var\/lib\/marquee \/var\/lib\/marquee\/data \/var\/lib\/marquee\/data\/plugins \/var\/lib\/marquee\/plugins$/,
      /^chgrp -R marquee-plugin \/var\/lib\/marquee\/data\/plugins$/,
      /^find \/var\/lib\/marquee\/data\/plugins -mindepth 1 -type d -exec chmod g\+rwxs .* \+$/,
      /^chown -R marquee:marquee-plugin \/var\/lib\/marquee\/plugins$/,
      /^systemctl daemon-reload$/,
      /^systemctl enable marquee-web\.service marquee-display\.service$/,
      /^systemctl restart marquee-web\.service marquee-display\.service$/,
    ];
    for (const re of expected)
      expect(
        r.commands.some((c) => re.test(c)),
        String(re),
      ).toBe(true);
    if (!usersBefore[0])
      expect(r.commands).toContain(
        'useradd --system --user-group --home-dir /var/lib/marquee --no-create-home --shell /usr/sbin/nologin --comment Marquee marquee',
      );
    if (!usersBefore[1])
      expect(r.commands).toContain(
        'useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin --comment Marquee\\ plugins marquee-plugin',
      );
    expect([userExists('marquee'), userExists('marquee-plugin')]).toEqual(usersBefore);
    expect(r.out).toMatch(/Open http:\/\/\S+:5000/);
    expect(r.out).toContain('The pairing code is shown on the panel, and in: journalctl -u marquee-web');
  });

  it.runIf(has('systemd-analyze'))(
    'writes units that systemd-analyze verify accepts (and refuses the raw templates)',
    () => {
      const root = fakeRoot();
      expect(install(root, ['--arch', 'arm64', '--no-isolcpus']).code).toBe(0);
      const units = UNITS.map((u) => path.join(root, 'etc/systemd/system', u));
      const ok = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      // The same check fails a unit whose ExecStart is not a program.
      const raw = path.join(tempDir(), 'marquee-web.service');
      fs.copyFileSync(path.join(PROJECT_ROOT, 'deploy/systemd/marquee-web.service'), raw);
      expect(spawnSync('systemd-analyze', ['verify', raw], { encoding: 'utf8' }).status).not.toBe(0);
    },
  );

  it('re-run upgrades in place: data, settings and store-installed plugins kept, first-party plugins refreshed', () => {
    const root = fakeRoot();
    expect(install(root, ['--arch', 'arm64', '--isolcpus']).code).toBe(0);
    const saved = {
      'var/lib/marquee/data/marquee.db': 'SQLite format 3\0 user data',
      'var/lib/marquee/config/config.json': '{"clock":{"enabled":true,"format":"%I:%M"}}',
      'var/lib/marquee/config/config_secrets.json': '{"weather":{"api_key":"k"}}',
      'var/lib/marquee/plugins/ticker/manifest.json': '{"id":"ticker"}',
      'var/lib/marquee/plugins/ticker/.marquee-install.json': '{"source":"registry"}',
      // A first-party plugin the user updated from the store is theirs now.
      'var/lib/marquee/plugins/weather/manifest.json': '{"id":"weather","version":"9.0.0"}',
      'var/lib/marquee/plugins/weather/.marquee-install.json': '{"source":"registry"}',
      'etc/marquee/marquee.env': 'MARQUEE_HOST=127.0.0.1\nMARQUEE_PORT=8080\n',
    };
    for (const [file, text] of Object.entries(saved)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    fs.writeFileSync(path.join(root, 'var/lib/marquee/plugins/clock/manifest.json'), 'edited by hand');

    const again = install(root, ['--arch', 'arm64', '--isolcpus', '--port', '6000']);
    expect(again.code).toBe(0);
    for (const [file, text] of Object.entries(saved)) expect(read(root, file), file).toBe(text);
    expect(again.out).toContain('kept your settings in /etc/marquee/marquee.env');
    expect(read(root, 'etc/marquee/marquee.env.default')).toContain('MARQUEE_PORT=6000\n');
    expect(again.out).toContain('weather: installed from the store, left as it is');
    expect(read(root, 'var/lib/marquee/plugins/clock/manifest.json')).toBe(
      read(PROJECT_ROOT, 'plugin-repos/clock/manifest.json'),
    );
    // Kernel settings already there are not added twice.
    expect(read(root, 'boot/firmware/cmdline.txt')).toBe(
      `${CMDLINE} cgroup_enable=memory cgroup_memory=1 isolcpus=3\n`,
    );
    expect(again.out).not.toMatch(/Reboot to finish/);
  });

  it('--uninstall removes the program, units and OS settings and keeps data; --purge removes the rest', () => {
    const root = fakeRoot();
    expect(install(root, ['--arch', 'arm64', '--isolcpus']).code).toBe(0);
    fs.writeFileSync(path.join(root, 'var/lib/marquee/data/marquee.db'), 'user data');

    const removed = install(root, ['--uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.commands).toContain('systemctl disable --now marquee-web.service marquee-display.service');
    for (const gone of [
      'opt/marquee',
      'etc/systemd/system/marquee-web.service',
      'etc/systemd/system/marquee-display.service',
      'etc/modprobe.d/marquee-blacklist-snd-bcm2835.conf',
      'etc/polkit-1/rules.d/50-marquee.rules',
    ])
      expect(exists(root, gone), gone).toBe(false);
    expect(read(root, 'boot/firmware/cmdline.txt')).toBe(`${CMDLINE}\n`);
    expect(read(root, 'var/lib/marquee/data/marquee.db')).toBe('user data');
    expect(exists(root, 'etc/marquee/marquee.env')).toBe(true);
    expect(removed.commands.some((c) => c.startsWith('userdel'))).toBe(false);

    const purged = install(root, ['--uninstall', '--purge']);
    expect(purged.code).toBe(0);
    expect(exists(root, 'var/lib/marquee')).toBe(false);
    expect(exists(root, 'etc/marquee')).toBe(false);
    // marquee first: the marquee-plugin group goes with its user only once it has no member left.
    const userdels = purged.commands.filter((c) => c.startsWith('userdel'));
    expect(userdels).toEqual(['userdel marquee', 'userdel marquee-plugin']);
  });
});
