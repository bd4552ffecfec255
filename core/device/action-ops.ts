/**
 * Service actions as operations of the queue (kind `system-action`, key `system`): each request is
 * a row in the history, one runs at a time, and none is retried (a reboot asked twice is not what
 * anyone meant). `systemctl --no-block` returns once systemd has the job, so the operation is
 * recorded finished before systemd stops this process for a restart, a reboot or a power-off.
 */
import { execFile } from 'node:child_process';
import type { Settings } from '../../hono.config.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Logger } from '../platform/log.ts';
import type { Executor, Queue } from '../queue/types.ts';
import { SYSTEM_ACTIONS, type SystemAction } from './actions.ts';
import { serviceInstall } from './service-install.ts';

export const SYSTEM_ACTION_KIND = 'system-action';
const SYSTEMCTL_TIMEOUT_MS = 15_000;

type Params = { action: SystemAction };
type Result = {
  action: SystemAction;
  command: string;
  returncode: number;
  stdout: string;
  stderr: string;
  message: string;
};

function assertInstalled(settings: Pick<Settings, 'service'>): void {
  const install = serviceInstall(settings);
  if (install.installed) return;
  throw new AppError('SERVICE_NOT_INSTALLED', {
    message: `Marquee is not running as an installed service: ${install.reason}`,
    context: { manager: install.manager },
  });
}

function systemctl(args: string[], signal: AbortSignal) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'systemctl',
      args,
      { timeout: SYSTEMCTL_TIMEOUT_MS, killSignal: 'SIGKILL', signal, maxBuffer: 256 * 1024 },
      (e, stdout, stderr) => {
        const code = e ? (typeof e.code === 'number' ? e.code : 127) : 0;
        resolve({ code, stdout: String(stdout ?? ''), stderr: String(stderr ?? '') || (e?.message ?? '') });
      },
    );
  });
}

export function systemActionExecutor(deps: {
  settings: Pick<Settings, 'service'>;
  log: Logger;
}): Executor<Params, Result> {
  return {
    kind: SYSTEM_ACTION_KIND,
    timeoutMs: SYSTEMCTL_TIMEOUT_MS + 5_000,
    maxAttempts: 1,
    async run({ params, signal, progress }) {
      assertInstalled(deps.settings);
      const { args, message } = SYSTEM_ACTIONS[params.action];
      const full = ['--no-block', ...args];
      progress(0.5, 'systemctl', `systemctl ${full.join(' ')}`);
      deps.log.warn('system action', { action: params.action, command: `systemctl ${full.join(' ')}` });
      const out = await systemctl(full, signal);
      const stderr = out.stderr.trim().slice(0, 2_000);
      if (out.code !== 0)
        throw new AppError('SYSTEM_ACTION_FAILED', {
          message: `systemctl ${full.join(' ')} failed (exit ${out.code})${stderr ? `: ${stderr.split('\n')[0]}` : ''}`,
          details: stderr,
          context: { action: params.action, returncode: out.code },
        });
      return {
        action: params.action,
        command: `systemctl ${full.join(' ')}`,
        returncode: 0,
        stdout: out.stdout.trim().slice(0, 2_000),
        stderr,
        message,
      };
    },
  };
}

/** Refused at once (409) outside an installed service; otherwise the operation, waited for briefly. */
export function requestSystemAction(deps: { settings: Pick<Settings, 'service'>; queue: Queue }, action: SystemAction) {
  assertInstalled(deps.settings);
  return deps.queue.enqueueAndWait({ kind: SYSTEM_ACTION_KIND, key: 'system', params: { action } });
}
