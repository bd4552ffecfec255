import { describe, expect, it } from 'vitest';
import { createServiceNotifier, loopLiveness } from '../../core/platform/systemd.ts';
import { createLogger, memoryLogger } from '../../core/platform/log.ts';
import { systemClock } from '../../core/platform/clock.ts';
import { fakeNotifySocket } from '../support/notify-socket.ts';

const log = createLogger({ level: 'silent', clock: systemClock });

describe('service notifier', () => {
  it('sends READY=1 with a status once, through the notify socket', async () => {
    const socket = await fakeNotifySocket();
    const notifier = createServiceNotifier({ socket: socket.path, watchdogUsec: 0, log });
    expect(notifier.active).toBe(true);
    await notifier.ready('panel open');
    await notifier.ready('again');
    const ready = socket.messages.filter((m) => m.includes('READY=1'));
    expect(ready).toEqual(['READY=1\nSTATUS=panel open']);
  });

  it('pings the watchdog while the loop is alive and stops pinging when it is not', async () => {
    const socket = await fakeNotifySocket();
    // 400 ms interval: a ping is considered every 100 ms.
    const notifier = createServiceNotifier({ socket: socket.path, watchdogUsec: 400_000, log });
    let alive = true;
    let asked = 0;
    const waiters = new Set<() => void>();
    notifier.startWatchdog(() => {
      asked += 1;
      waiters.forEach((w) => w());
      return alive;
    });
    const askedMore = (n: number) =>
      new Promise<void>((resolve) => {
        const target = asked + n;
        const check = () => asked >= target && (waiters.delete(check), resolve());
        waiters.add(check);
      });
    try {
      await socket.waitFor((m) => m === 'WATCHDOG=1', 3);
      alive = false;
      // A ping already on its way finishes within the next rounds; after that none may come.
      await askedMore(3);
      const count = socket.messages.length;
      await askedMore(4);
      expect(socket.messages.length).toBe(count);
      alive = true;
      await socket.waitFor((m) => m === 'WATCHDOG=1', count + 1);
    } finally {
      notifier.stop();
    }
  });

  it('does nothing when systemd did not ask for notifications', async () => {
    const notifier = createServiceNotifier({ socket: '', watchdogUsec: 1_000_000, log, command: '/bin/false' });
    expect(notifier.active).toBe(false);
    await notifier.ready();
    notifier.startWatchdog(() => true);
    notifier.stop();
  });

  it('logs and carries on when a message cannot be sent', async () => {
    const capture = memoryLogger(systemClock);
    const notifier = createServiceNotifier({ socket: '/nonexistent/notify.sock', watchdogUsec: 0, log: capture });
    await notifier.ready();
    expect(capture.lines).toContainEqual(expect.objectContaining({ msg: 'service notification not sent' }));
  });

  it('logs a failure once while it lasts, not at every watchdog ping', async () => {
    const capture = memoryLogger(systemClock);
    const notifier = createServiceNotifier({ socket: '/nonexistent/notify.sock', watchdogUsec: 400_000, log: capture });
    // alive() is asked only when no ping is in flight: four asks mean at least three pings ended.
    let asks = 0;
    await new Promise<void>((resolve) => notifier.startWatchdog(() => (++asks === 4 && resolve(), asks < 4)));
    notifier.stop();
    const warnings = capture.lines.filter((l) => l.msg === 'service notification not sent');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: 'WATCHDOG=1' });
  });
});

describe('loop liveness', () => {
  it('is alive within half the watchdog interval of the last round, and not after', () => {
    let now = 0;
    const live = loopLiveness(10_000_000, () => now);
    now = 5_000;
    expect(live.alive()).toBe(true);
    now = 5_001;
    expect(live.alive()).toBe(false);
    live.beat();
    now = 10_000;
    expect(live.alive()).toBe(true);
  });
});
