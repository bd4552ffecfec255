/**
 * One HTTP exchange on `node:http(s)`: the request sent through a keep-alive agent per protocol,
 * refused when the connection is not made within the connect timeout, ended by `signal`.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/** The code of the error a connect timeout ends a request with. */
export const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';

export interface AgentOptions {
  /** Connections kept per host. */
  connections: number;
  /** How long an idle connection is kept. */
  keepAliveMs: number;
}

/** One agent per protocol, made on first use. */
export function createAgents(opts: AgentOptions) {
  let plain: http.Agent | undefined;
  let secure: https.Agent | undefined;
  const settings = { keepAlive: true, maxSockets: opts.connections, timeout: opts.keepAliveMs };
  return {
    for: (url: URL): http.Agent =>
      url.protocol === 'https:' ? (secure ??= new https.Agent(settings)) : (plain ??= new http.Agent(settings)),
    destroy(): void {
      plain?.destroy();
      secure?.destroy();
    },
  };
}

export type Agents = ReturnType<typeof createAgents>;

/** Sends a GET and resolves with the answer once its status and headers have arrived. */
export function send(
  url: URL,
  opts: { headers: Record<string, string>; signal: AbortSignal; agents: Agents; connectTimeoutMs: number },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request(url, { headers: opts.headers, signal: opts.signal, agent: opts.agents.for(url) }, resolve);
    req.once('error', reject);
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('connect timeout'), { code: CONNECT_TIMEOUT })),
        opts.connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.end();
  });
}

/** The answer's headers behind `get`, as a Web `Headers` reads them (repeated ones joined). */
export function headersOf(res: IncomingMessage): Pick<Headers, 'get'> {
  return {
    get(name: string): string | null {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}
