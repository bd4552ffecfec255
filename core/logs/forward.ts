/**
 * The display's side of its log lines: the last few hundred kept in memory and sent to the web
 * process over the link, a batch per event-loop turn. After each (re)connection everything kept
 * is sent again and the web side skips what it already has, so a web process that restarted gets
 * the display's recent history and one that did not sees no line twice.
 */
import type { LogBatch } from '../platform/log-ring.ts';
import type { LogRecord } from '../platform/log.ts';

export function createLogForwarder(epoch: string, keep = 300) {
  const kept: LogBatch['records'] = [];
  let n = 0;
  let sentUpTo = 0;
  let send: ((batch: LogBatch) => unknown) | null = null;
  let scheduled = false;

  function flush() {
    scheduled = false;
    if (!send) return;
    const records = kept.filter((r) => r.n > sentUpTo);
    if (!records.length) return;
    sentUpTo = n;
    send({ epoch, records });
  }
  const schedule = () => {
    if (scheduled || !send) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    tap(record: LogRecord) {
      kept.push({ n: ++n, record });
      if (kept.length > keep * 1.1) kept.splice(0, kept.length - keep);
      schedule();
    },
    /** A (new) connection to the web process: what is kept goes over it. */
    connect(sendBatch: (batch: LogBatch) => unknown) {
      send = sendBatch;
      sentUpTo = 0;
      schedule();
    },
  };
}

/** The web side: adds a batch's lines to the ring, skipping lines of that epoch it already added. */
export function createLogIntake(add: (record: LogRecord) => unknown) {
  let epoch = '';
  let last = 0;
  return (batch: LogBatch) => {
    if (batch.epoch !== epoch) [epoch, last] = [batch.epoch, 0];
    for (const r of batch.records) {
      if (r.n <= last) continue;
      add(r.record);
      last = r.n;
    }
  };
}
