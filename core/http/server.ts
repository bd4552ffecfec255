/** The HTTP server on the host and port of the settings, with its timeouts, and its graceful close. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Hono } from 'hono';
import type { Settings } from '../../hono.config.ts';
import type { AppEnv } from './types.ts';

export interface Listening {
  /** `http://host:port`, the port the system gave when settings asked for 0. */
  url: string;
  /** Stops listening and resolves once every connection has ended (see closeServer). */
  close(): Promise<void>;
}

/**
 * Stops listening and resolves once every connection has ended. A request counted as finished has
 * not necessarily been written to its socket yet, so connections are not cut at once: idle ones
 * close now, busy ones after their response (drain sends `Connection: close`), and any still open
 * after `forceAfterMs` (a slow or stalled client) are destroyed.
 */
function closeServer(server: Server, forceAfterMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Hono's Node adapter, loaded when the first request arrives rather than at start: loading it reads
 * Node's `Request`, `Response` and `Headers`, whose first use loads Node's whole fetch
 * implementation (and the adapter imports `node:http2`), 4 to 5 MB of resident memory that a web
 * process nobody has opened yet does not need. Requests arriving while it loads wait for the same
 * load. Only a broken install can make the load fail, which ends the process (an unhandled
 * rejection) as a failed import at start would have.
 */
function adapterOnFirstRequest(fetch: Hono<AppEnv>['fetch'], hostname: string): RequestListener {
  let handle: RequestListener | undefined;
  let loading: Promise<RequestListener> | undefined;
  return (incoming, outgoing) => {
    // Once loaded, every request goes to it directly, without a promise's turn.
    if (handle) return void handle(incoming, outgoing);
    loading ??= import('@hono/node-server').then(
      ({ getRequestListener }) => (handle = getRequestListener(fetch, { hostname })),
    );
    void loading.then((h) => h(incoming, outgoing));
  };
}

/** Serves `app` and resolves once the server listens (rejects when the address cannot be bound). */
export async function listen(
  app: Hono<AppEnv>,
  settings: Settings,
  opts: { onConnection?: (socket: Socket) => void } = {},
): Promise<Listening> {
  const server = createServer(
    { headersTimeout: settings.timeouts.headersMs, requestTimeout: settings.timeouts.requestMs },
    adapterOnFirstRequest(app.fetch, settings.host),
  );
  server.listen(settings.port, settings.host);
  server.keepAliveTimeout = settings.timeouts.keepAliveMs;
  if (opts.onConnection) server.on('connection', opts.onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return { url, close: () => closeServer(server, settings.shutdown.abortMs) };
}
