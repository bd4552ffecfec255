import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Frame } from '../../../core/render/frame.ts';
import { frameInfo, litPixels, pluginContext } from '../../../test/support/plugin-context.ts';
import WebUiInfo from '../index.mjs';
import { lanAddresses, reachableAt } from '../lib/addresses.mjs';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({
  address,
  family,
  internal,
  netmask: '',
  mac: '00:00:00:00:00:00',
  cidr: null,
});
const INTERFACES = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  wlan0: [nic('192.168.1.23', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::23', 'IPv6')],
  eth0: [nic('10.0.0.7', 'IPv4')],
};

describe('web UI addresses', () => {
  it('lists the LAN IPv4 addresses in a stable order, without loopback or link-local ones', () => {
    expect(lanAddresses(INTERFACES)).toEqual(['10.0.0.7', '192.168.1.23']);
    expect(lanAddresses(INTERFACES, { ipv6: true })).toEqual(['10.0.0.7', '192.168.1.23', '[2001:db8::23]']);
    expect(lanAddresses({})).toEqual([]);
  });

  it('says whether another device can reach the UI at all', () => {
    expect(reachableAt('0.0.0.0', INTERFACES)).toEqual({ kind: 'lan', addresses: ['10.0.0.7', '192.168.1.23'] });
    expect(reachableAt('::', INTERFACES).kind).toBe('lan');
    expect(reachableAt('127.0.0.1', INTERFACES)).toEqual({ kind: 'local', addresses: [] });
    expect(reachableAt('localhost', INTERFACES).kind).toBe('local');
    expect(reachableAt('192.168.1.23', INTERFACES)).toEqual({ kind: 'bound', addresses: ['192.168.1.23'] });
  });
});

describe('web UI info plugin', () => {
  const draw = (where: unknown, size: [number, number] = [64, 32], elapsedMs = 0, host = {}) => {
    const { ctx } = pluginContext({ cache: where ? { where } : {}, host });
    const frame = new Frame(...size);
    const drew = new WebUiInfo(ctx).render(frame, frameInfo(frame, 0, 'web_ui_info', elapsedMs));
    return { frame, drew };
  };

  it('has nothing to show before it has looked at the network', () => {
    expect(draw(null).drew).toBe(false);
  });

  it('shows each address in turn, and says when there is no network or the UI is local only', () => {
    const two = { kind: 'lan', addresses: ['10.0.0.7', '192.168.1.23'] };
    const a = draw(two, [64, 32], 0);
    const b = draw(two, [64, 32], 5000);
    expect(a.drew && b.drew).toBe(true);
    expect(Buffer.compare(a.frame.data, b.frame.data)).not.toBe(0);
    for (const where of [
      { kind: 'lan', addresses: [] },
      { kind: 'local', addresses: [] },
    ]) {
      const r = draw(where);
      expect(r.drew).toBe(true);
      expect(litPixels(r.frame)).toBeGreaterThan(20);
      expect(r.frame.clipped).toBe(0);
    }
  });

  it('shows the port the UI listens on', () => {
    const where = { kind: 'lan', addresses: ['10.0.0.7'] };
    const a = draw(where, [128, 32], 0, { web: { host: '0.0.0.0', port: 5000 } });
    const b = draw(where, [128, 32], 0, { web: { host: '0.0.0.0', port: 8080 } });
    expect(Buffer.compare(a.frame.data, b.frame.data)).not.toBe(0);
  });

  it('reads the network at each update and writes the cache only when the addresses changed', async () => {
    const { ctx, cacheWrites, logs } = pluginContext({ host: { web: { host: '0.0.0.0', port: 5000 } } });
    const plugin = new WebUiInfo(ctx);
    await plugin.update();
    await plugin.update();
    await plugin.update();
    const expected = reachableAt('0.0.0.0', os.networkInterfaces());
    expect(cacheWrites).toEqual([{ key: 'where', value: expected }]);
    expect(logs.filter((l) => l.msg === 'web UI address changed')).toHaveLength(1);
  });

  it('keeps quiet when the cached addresses are still right after a restart', async () => {
    const where = reachableAt('0.0.0.0', os.networkInterfaces());
    const { ctx, cacheWrites } = pluginContext({ cache: { where }, host: { web: { host: '0.0.0.0', port: 5000 } } });
    await new WebUiInfo(ctx).update();
    expect(cacheWrites).toEqual([]);
  });
});
