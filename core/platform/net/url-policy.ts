import { AppError } from '../errors/app-error.ts';

/** Whether a host name is this machine: plain http is allowed only to these. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The one rule for every outbound URL, checked again at each redirect: https anywhere, plain http
 * only on loopback (a registry mirror or a benchmark on this machine), no credentials in the URL
 * (they would end up in logs and in the cache table).
 */
export function checkOutboundUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('URL_NOT_ALLOWED', { message: `Not a URL: ${String(raw)}`, context: { url: String(raw) } });
  }
  const refuse = (why: string) =>
    new AppError('URL_NOT_ALLOWED', { message: `${why}: ${url.origin}`, context: { url: url.origin } });
  if (url.username || url.password) throw refuse('URLs with credentials are not allowed');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') throw refuse('Plain http is only allowed to this machine');
  throw refuse(`Protocol ${url.protocol} is not allowed`);
}
