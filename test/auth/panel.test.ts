/**
 * The pairing code on the panel itself: the real display runtime draws it over the plugin on
 * screen, pixel for pixel as the notice overlay renders the code the log printed, and takes it
 * down once the code is used.
 */
import { describe, expect, it } from 'vitest';
import { NOTICE_KEY } from '../../core/auth/pairing.ts';
import { groupCode } from '../../core/auth/secret.ts';
import { drawNotice } from '../../core/display/notice-overlay.ts';
import { readNotices } from '../../core/display/notices.ts';
import { createFontSet } from '../../core/render/fonts/index.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { loggedCode, pairInit } from './helpers.ts';

const W = 64;
const H = 32;
const BLUE: [number, number, number] = [0, 0, 255];

function screen(h: RuntimeHarness): Buffer {
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out.set(h.pixel(x, y), (y * W + x) * 3);
  return out;
}

/** What the panel shows with `text` as the only notice over a blue frame. */
function expected(text: string, color: string, now: number): Buffer {
  const frame = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) frame.set(BLUE, i * 3);
  const notice = { key: NOTICE_KEY, text, color, createdAt: now, expiresAt: null };
  return Buffer.from(drawNotice(createFontSet(), frame, { width: W, height: H }, notice, now));
}

describe('the pairing code on the panel', () => {
  it('is drawn over the rotation while it is live, and taken down once a browser pairs with it', async () => {
    const h = await startRuntime({
      plugins: { c: { fps: 10 } },
      config: { c: { enabled: true, color: BLUE } },
      width: W,
      height: H,
    });
    await h.until(() => h.pixel(0, H - 1)[2] === 255, 5_000, 'the plugin on screen');
    // The web process's services on the display's database, as on the device.
    const deps = testDeps({ auth: 'on', dataDir: h.settings.dataDir });
    const { app } = await testApp(deps);

    expect((await app.request('/api/v3/auth/pairing/show', { method: 'POST' })).status).toBe(200);
    const code = loggedCode(deps);
    const [notice] = readNotices(h.web.sqlite, deps.clock.now());
    expect(notice).toMatchObject({ key: NOTICE_KEY, text: groupCode(code) });
    const want = expected(groupCode(code), notice!.color, h.clock.now());
    await h.until(() => screen(h).equals(want), 5_000, 'the code on the panel');
    // The code is readable whole: the strip along the bottom, the plugin's frame above it.
    expect(h.pixel(0, 0)).toEqual(BLUE);

    expect((await app.request('/api/v3/auth/pair', pairInit(code))).status).toBe(200);
    await h.until(() => h.pixel(0, H - 1)[2] === 255, 5_000, 'the notice taken down');
    expect(readNotices(h.web.sqlite, deps.clock.now())).toEqual([]);
  });

  it('takes down a code an earlier run left on the panel: it can no longer be used', async () => {
    const first = testDeps({ auth: 'on' });
    first.auth.showCodeOnPanel('local');
    expect(readNotices(first.db.sqlite, first.clock.now()).map((n) => n.key)).toEqual([NOTICE_KEY]);
    const restarted = testDeps({ auth: 'on', dataDir: first.settings.dataDir });
    expect(readNotices(restarted.db.sqlite, restarted.clock.now())).toEqual([]);
  });
});
