import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';

/**
 * The fork channel in memory: what one side sends, the other receives (structured clone, as with
 * `serialization: 'advanced'`). `child` is the display's end (createDisplayIpc), `proc` the web
 * process's (createDisplayLink.attach).
 */
export function memoryForkChannel() {
  const toChild = new EventEmitter();
  const toParent = new EventEmitter();
  let sent = 0;
  const child = {
    send: (m: unknown, _h?: unknown, _o?: object, cb?: (e: Error | null) => void) => {
      sent += 1;
      setImmediate(() => (toParent.emit('message', structuredClone(m)), cb?.(null)));
      return true;
    },
    on: (e: 'message', fn: (m: unknown) => void) => toChild.on(e, fn),
  };
  const proc = Object.assign(new EventEmitter(), {
    connected: true,
    send: (m: unknown) => (setImmediate(() => toChild.emit('message', structuredClone(m))), true),
  });
  toParent.on('message', (m) => proc.emit('message', m));
  return { child, proc: proc as unknown as ChildProcess, sent: () => sent };
}
