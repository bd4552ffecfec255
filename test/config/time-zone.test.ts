import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTimeZone, machineTimeZone } from '../../core/config/schema/time-zone.ts';

afterEach(() => vi.restoreAllMocks());

describe('time zone names', () => {
  it('accepts canonical names and UTC without building a date formatter', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    for (const z of ['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/Chicago', 'Asia/Tokyo'])
      expect(isTimeZone(z)).toBe(true);
    expect(built).not.toHaveBeenCalled();
  });

  it('asks the formatter about aliases and unknown names, and refuses what it refuses', () => {
    for (const z of ['US/Central', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5'])
      expect(isTimeZone(z)).toBe(true);
    for (const z of ['Mars/Olympus', 'Europe/Nowhere']) expect(isTimeZone(z)).toBe(false);
  });

  it('refuses offsets, paths and empty names before any lookup', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    for (const z of ['+01:00', '', '/etc/passwd', '../UTC', 'Europe Berlin']) expect(isTimeZone(z)).toBe(false);
    expect(built).not.toHaveBeenCalled();
  });
});

describe("the machine's time zone", () => {
  it('is the zone /etc/localtime links to', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    expect(machineTimeZone(() => '/usr/share/zoneinfo/Europe/Berlin')).toBe('Europe/Berlin');
    expect(machineTimeZone(() => '../usr/share/zoneinfo/America/New_York')).toBe('America/New_York');
    expect(built).not.toHaveBeenCalled();
  });

  it("is the formatter's when there is no link, or it names no zone", () => {
    const formatter = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(machineTimeZone(missing)).toBe(formatter);
    expect(machineTimeZone(() => '/usr/share/zoneinfo/Mars/Olympus')).toBe(formatter);
    expect(machineTimeZone(() => '/opt/localtime')).toBe(formatter);
  });
});
