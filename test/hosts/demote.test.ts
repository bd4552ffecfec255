import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createDemoter, DEMOTED_NICE } from '../../core/hosts/demote.ts';

const niceOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

describe('a host that keeps a core busy', () => {
  it('is moved to nice 19, every thread of it, after three busy seconds; an idle one is left alone', async () => {
    const busy = spawn(process.execPath, ['-e', 'for (;;);']);
    const idle = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      os.setPriority(busy.pid!, 10);
      const [forBusy, forIdle] = [createDemoter(), createDemoter()];
      const demotedAt: number[] = [];
      for (let i = 0; i < 8 && !forBusy.demoted(); i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        if (forBusy.sample(busy.pid!, performance.now())) demotedAt.push(i);
        forIdle.sample(idle.pid!, performance.now());
      }
      expect(forBusy.demoted()).toBe(true);
      expect(demotedAt).toHaveLength(1);
      const threads = fs.readdirSync(`/proc/${busy.pid}/task`);
      for (const tid of threads) expect(niceOf(Number(tid))).toBe(DEMOTED_NICE);
      expect(forIdle.demoted()).toBe(false);
      expect(niceOf(idle.pid!)).toBe(0);
    } finally {
      busy.kill('SIGKILL');
      idle.kill('SIGKILL');
    }
  }, 20_000);
});
