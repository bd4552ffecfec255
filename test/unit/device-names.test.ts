import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../core/platform/clock.ts';
import { deviceNames, hostName } from '../../core/platform/net/device-names.ts';

describe('hostName', () => {
  it.each([
    ['pi.local', 'pi.local'],
    ['Pi.Local:5000', 'pi.local'],
    ['pi.local.', 'pi.local'],
    ['pi.local.:80', 'pi.local'],
    ['192.168.1.5:5000', '192.168.1.5'],
    ['[::1]:5000', '::1'],
    ['[fe80::1]', 'fe80::1'],
    ['fe80::1', 'fe80::1'],
    ['', ''],
    ['[broken', 'broken'],
  ])('%j → %j', (authority, name) => {
    expect(hostName(authority)).toBe(name);
  });
});

const iface = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, family, netmask: '', mac: '', internal: false, cidr: null }) as os.NetworkInterfaceInfo;

function fakeSystem(addresses: string[]) {
  const system = {
    calls: 0,
    addresses,
    hostname: () => 'MarqueePi',
    networkInterfaces() {
      system.calls++;
      return { eth0: system.addresses.map((a) => iface(a, a.includes(':') ? 'IPv6' : 'IPv4')) };
    },
  };
  return system;
}

describe('deviceNames', () => {
  it('answers to its addresses, localhost, loopback, its host name, <hostname>.local, the listen address and added names', () => {
    const names = deviceNames({
      extra: ['marquee.example.net', '[fd00::7]'],
      listenHost: 'panel.lan',
      clock: manualClock(),
      system: fakeSystem(['192.168.1.20', 'fe80::2%eth0']),
    });
    for (const host of [
      '192.168.1.20:5000',
      '[fe80::2]:5000',
      'localhost',
      '127.0.0.1',
      '127.9.9.9:5000',
      '[::1]',
      'app.localhost',
      'marqueepi',
      'MarqueePi.local:5000',
      'panel.lan',
      'marquee.example.net',
      '[fd00::7]:5000',
    ])
      expect(names.allows(host), host).toBe(true);
    for (const host of ['evil.example', 'marqueepi.evil.example', '192.168.1.21', '0.0.0.0', ''])
      expect(names.allows(host), host).toBe(false);
  });

  it('does not answer to the wildcard listen address', () => {
    const names = deviceNames({ extra: [], listenHost: '0.0.0.0', clock: manualClock(), system: fakeSystem([]) });
    expect(names.allows('0.0.0.0:5000')).toBe(false);
  });

  it('learns a new address on the first request for it once the list is old, and rebuilds at most once per period', () => {
    const clock = manualClock();
    const system = fakeSystem(['10.0.0.2']);
    const names = deviceNames({ extra: [], listenHost: '0.0.0.0', clock, system, refreshMs: 5_000 });
    expect(system.calls).toBe(1);
    system.addresses = ['10.0.0.3'];
    // Known names never touch the system; unknown ones within the period neither.
    for (let i = 0; i < 100; i++) names.allows(i % 2 ? 'localhost' : 'evil.example');
    expect(names.allows('10.0.0.3')).toBe(false);
    expect(system.calls).toBe(1);
    clock.advance(5_000);
    expect(names.allows('10.0.0.3')).toBe(true);
    expect(system.calls).toBe(2);
    for (let i = 0; i < 100; i++) names.allows('evil.example');
    expect(system.calls).toBe(2);
    expect(names.allows('10.0.0.2')).toBe(false);
  });
});
