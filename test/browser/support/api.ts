/** Direct calls to the server under test, for setting up and checking what the browser did. */
import type { TestServer } from './server.ts';

export async function apiGet<T = any>(base: string, path: string): Promise<T> {
  const body = await (await fetch(`${base}${path}`)).json();
  if (body.status !== 'success') throw new Error(`GET ${path}: ${JSON.stringify(body)}`);
  return body.data as T;
}

export async function apiPost<T = any>(
  base: string,
  path: string,
  payload: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Installs a plugin from the registry through the API and waits for the queue to finish it. */
export async function installVia(server: TestServer, id: string): Promise<void> {
  const { body } = await apiPost<any>(server.url, '/api/v3/plugins/install', { plugin_id: id });
  const r = await server.web.deps.queue.waitFor(body.data.operation_id, 15_000);
  if (r.operation.status !== 'completed') throw new Error(`install ${id}: ${JSON.stringify(r.operation)}`);
}

export async function installedPlugins(base: string): Promise<Array<Record<string, any>>> {
  return (await apiGet(base, '/api/v3/plugins/installed')).plugins;
}
