import type { Context } from 'hono';
import { AppError } from '../../platform/errors/app-error.ts';
import type { DeviceNames } from '../../platform/net/device-names.ts';
import { clip } from '../../platform/text.ts';
import type { AppEnv } from '../types.ts';

/**
 * Every request must name this device in `Host`: a page on another site that makes its own name
 * resolve to this device's address (DNS rebinding) sends its own name, and is answered 421 before
 * anything else runs. Without a `Host` header (an HTTP/1.0 client, an in-process request) the
 * URL's host is checked. The lookup is one Set probe; see DeviceNames for when the list is rebuilt.
 */
export function allowedHost(names: DeviceNames): (c: Context<AppEnv>) => void {
  return (c) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!names.allows(host)) {
      const shown = clip(host, 100);
      throw new AppError('MISDIRECTED_REQUEST', {
        message: `This device does not answer to the name ${JSON.stringify(shown)}; open Marquee by its address, localhost or its host name, or add the name to MARQUEE_ALLOWED_HOSTS`,
        context: { host: shown },
      });
    }
  };
}
