/** One health check's verdict: rooms report their own (the config files), core/health gathers them. */
export type CheckStatus = 'ok' | 'degraded' | 'failed';

export interface Check {
  status: CheckStatus;
  detail: string;
  [extra: string]: unknown;
}
