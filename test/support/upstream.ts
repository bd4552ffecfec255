/**
 * msw for hosts outside this machine (registries, GitHub). Every request is recorded; one that no
 * handler answers fails the test in afterEach. Loopback passes through to real servers.
 */
import { setupServer } from 'msw/node';
import type { RequestHandler } from 'msw';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { isLoopbackHost } from '../../core/platform/net/url-policy.ts';

export interface Upstream {
  use(...handlers: RequestHandler[]): void;
  /** `METHOD url` of every outbound request since the last reset. */
  calls: string[];
  /** Calls whose URL contains `part`. */
  count(part: string): number;
}

export function useUpstream(): Upstream {
  const server = setupServer();
  const calls: string[] = [];
  const unhandled: string[] = [];
  server.events.on('request:start', ({ request }) => {
    if (!isLoopbackHost(new URL(request.url).hostname)) calls.push(`${request.method} ${request.url}`);
  });
  beforeAll(() =>
    server.listen({
      onUnhandledRequest(request, print) {
        if (isLoopbackHost(new URL(request.url).hostname)) return;
        unhandled.push(`${request.method} ${request.url}`);
        print.error();
      },
    }),
  );
  afterEach(() => {
    server.resetHandlers();
    calls.length = 0;
    const missed = unhandled.splice(0);
    expect(missed, 'requests no msw handler answered').toEqual([]);
  });
  afterAll(() => server.close());
  return {
    use: (...handlers) => server.use(...handlers),
    calls,
    count: (part) => calls.filter((c) => c.includes(part)).length,
  };
}
