/**
 * A value under a credential-like name never leaves the server, whether or not the plugin's schema
 * marks it secret, on every surface that returns settings or what an operation did: the settings
 * views, save answers, operation results, the history and the event stream.
 */
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../core/queue/index.ts';
import { writePlugin } from '../support/plugins.ts';
import { sseReader } from '../support/sse.ts';
import { MASK, setup } from './helpers.ts';

/** Nothing here is marked x-secret: only the names say which values are credentials. */
const MAILER_SCHEMA = {
  type: 'object',
  properties: {
    host: { type: 'string', default: 'smtp.example.test' },
    password: { type: 'string' },
    smtp: {
      type: 'object',
      properties: {
        auth: { type: 'object', properties: { user: { type: 'string' }, token: { type: 'string' } } },
      },
    },
    accounts: { type: 'array', items: { type: 'object', properties: { api_key: { type: 'string' } } } },
    max_tokens: { type: 'integer', default: 100 },
    show_password: { type: 'boolean', default: false },
  },
};

const SECRETS = ['PW-111', 'TK-222', 'AK-333', 'OP-444'];
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

async function withMailer() {
  const s = await setup();
  writePlugin(s.deps.settings.pluginsDir, 'mailer', MAILER_SCHEMA);
  const config = {
    password: 'PW-111',
    smtp: { auth: { user: 'ann', token: 'TK-222' } },
    accounts: [{ api_key: 'AK-333' }],
    max_tokens: 5,
    show_password: true,
  };
  const saved = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'mailer', config });
  expect(saved.status).toBe(200);
  return { ...s, saved };
}

describe('masking by name', () => {
  it('GET /plugins/config masks credential names its schema does not mark, at any depth; counts and flags stay readable', async () => {
    const s = await withMailer();
    const { body, text } = await s.call('GET', '/api/v3/plugins/config?plugin_id=mailer');
    expect(leaks(text)).toEqual([]);
    expect(body.data).toMatchObject({
      host: 'smtp.example.test',
      password: MASK,
      smtp: { auth: { user: 'ann', token: MASK } },
      accounts: [{ api_key: MASK }],
      max_tokens: 5,
      show_password: true,
    });
  });

  it('masks the same names on /config/main, and every value on /config/secrets', async () => {
    const s = await withMailer();
    const main = await s.call('GET', '/api/v3/config/main');
    expect(leaks(main.text)).toEqual([]);
    expect(main.body.data.mailer).toMatchObject({ password: MASK, smtp: { auth: { token: MASK } } });
    await s.call('POST', '/api/v3/config/raw/secrets', { mailer: { password: 'PW-111' } });
    const secrets = await s.call('GET', '/api/v3/config/secrets');
    expect(leaks(secrets.text)).toEqual([]);
    expect(secrets.body.data.mailer).toEqual({ password: MASK });
  });

  it('a masked value sent back keeps what is stored', async () => {
    const s = await withMailer();
    const shown = (await s.call('GET', '/api/v3/plugins/config?plugin_id=mailer')).body.data;
    expect((await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'mailer', config: shown })).status).toBe(200);
    const stored = { ...s.readMain().mailer, ...s.readSecrets().mailer };
    expect(stored).toMatchObject({ password: 'PW-111', smtp: { auth: { token: 'TK-222' } } });
  });

  it('save answers, raw edits, resets and the backups list carry no credential', async () => {
    const s = await withMailer();
    expect(leaks(s.saved.text)).toEqual([]);
    const raw = await s.call('POST', '/api/v3/config/raw/main', { ...s.readMain(), extra: { token: 'TK-222' } });
    expect(raw.status).toBe(200);
    expect(leaks(raw.text)).toEqual([]);
    const reset = await s.call('POST', '/api/v3/plugins/config/reset', { plugin_id: 'mailer' });
    expect(leaks(reset.text)).toEqual([]);
    expect(leaks((await s.call('GET', '/api/v3/config/backups')).text)).toEqual([]);
  });

  it('operation results are masked in the operation, the history and the event stream', async () => {
    const s = await withMailer();
    const reveals: Executor = {
      kind: 'reveal',
      timeoutMs: 5_000,
      run: async () => ({ message: 'done', account: { api_token: 'OP-444', user: 'ann' } }),
    };
    s.deps.queue.register(reveals);
    const stream = await s.app.request('/api/v3/events');
    const events = sseReader(stream);
    expect((await events.next())?.event).toBe('ready');
    const { operation } = await s.deps.queue.enqueueAndWait({ kind: 'reveal', key: 'reveal' }, 5_000);
    const one = await s.call('GET', `/api/v3/plugins/operation/${operation.id}`);
    expect(one.body.data.result).toEqual({ message: 'done', account: { api_token: MASK, user: 'ann' } });
    const history = await s.call('GET', '/api/v3/plugins/operation/history');
    expect(leaks(history.text)).toEqual([]);
    const seen: string[] = [];
    for (let e = await events.next(); e; e = await events.next()) {
      seen.push(e.data);
      if (e.event === 'operation.finished' && e.data.includes(operation.id)) break;
    }
    expect(seen.some((d) => d.includes(MASK))).toBe(true);
    expect(leaks(seen.join('\n'))).toEqual([]);
    await events.close();
  });
});
