import type { Context } from 'hono';
import { AppError } from '../../platform/errors/app-error.ts';
import { clip } from '../../platform/text.ts';
import type { AppEnv } from '../types.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `same-origin`: Marquee's own page; `none`: the user's own action (typed, bookmarked), never a page's. */
const ALLOWED_SITES = new Set(['same-origin', 'none']);
const DEFAULT_PORT: Record<string, string> = { 'http:': ':80', 'https:': ':443' };

/** Whether `origin` (`scheme://host[:port]`) is the origin of a request sent to `host`. */
function sameAuthority(origin: string, host: string): boolean {
  const sep = origin.indexOf('//');
  if (sep < 0) return false;
  const scheme = origin.slice(0, sep).toLowerCase();
  const port = DEFAULT_PORT[scheme];
  if (!port) return false;
  const strip = (a: string) => (a.endsWith(port) ? a.slice(0, -port.length) : a);
  return strip(origin.slice(sep + 2).toLowerCase()) === strip(host.toLowerCase());
}

/**
 * A change (POST, PUT, PATCH, DELETE) sent by a browser must come from a page Marquee served: its
 * `Sec-Fetch-Site` must be `same-origin` (or `none`), and its `Origin` must be the address the
 * request was sent to (`Host`). Otherwise 403 CROSS_SITE_REQUEST, before the body is read or
 * anything runs, so a form or a query-string POST from another site changes nothing. A request with
 * neither header is not a browser's (scripts, LEDMatrix clients, webhooks) and passes.
 */
export function sameOrigin(): (c: Context<AppEnv>) => void {
  return (c) => {
    if (READS.has(c.req.method)) return;
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site === undefined && origin === undefined) return;
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if ((site !== undefined && !ALLOWED_SITES.has(site)) || (origin !== undefined && !sameAuthority(origin, host))) {
      const from = clip(origin ?? `a ${site} page`, 100);
      throw new AppError('CROSS_SITE_REQUEST', {
        message: `Refused a change sent by ${from}: Marquee accepts changes only from its own pages (${clip(host, 100)})`,
        context: { origin: origin === undefined ? null : clip(origin, 100), sec_fetch_site: site ?? null },
      });
    }
  };
}
