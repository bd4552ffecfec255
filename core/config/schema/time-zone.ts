/**
 * Time zone names, checked and found without building an `Intl.DateTimeFormat` where that can be
 * avoided: the first one a process builds makes ICU open every locale's calendar, zone and currency
 * data to list the locales it supports, about 8 MB of resident memory kept for the life of the web
 * process, which otherwise never formats a date (the display process, which does, pays it anyway).
 */
import fs from 'node:fs';

const NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
/** Names ICU accepts that its list of canonical zones leaves out. */
const UTC_NAMES = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'];

let canonical: Set<string> | undefined;

/** Whether the formatter accepts `name`: the costly check, for names outside the canonical list. */
function formatterAccepts(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A valid IANA time zone name (aliases such as US/Central included); offsets like "+01:00" are not
 * names. Names in ICU's list of zones (it reads the zone table only) are answered from it; others
 * are asked of the formatter: aliases, and some current names ICU lists under an older one
 * (Asia/Kolkata as Asia/Calcutta).
 */
export function isTimeZone(name: string): boolean {
  if (!NAME.test(name)) return false;
  canonical ??= new Set([...Intl.supportedValuesOf('timeZone'), ...UTC_NAMES]);
  return canonical.has(name) || formatterAccepts(name);
}

/**
 * The machine's time zone, for a new config.json: the zone /etc/localtime links to (what
 * `timedatectl set-timezone` sets), or else the one the formatter reports, which also reads a copied
 * zone file. A $TZ given to the process alone is not seen when that link exists.
 */
export function machineTimeZone(readLink: (path: string) => string = fs.readlinkSync): string {
  try {
    const zone = /\/zoneinfo\/(.+)$/.exec(readLink('/etc/localtime'))?.[1];
    if (zone && isTimeZone(zone)) return zone;
  } catch {
    // Not a link, or absent: the formatter knows.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
