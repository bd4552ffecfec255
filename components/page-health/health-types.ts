/** `GET /api/v3/health` data (see routes/api/v3/health.ts and core/health/checks.ts). */
export interface HealthCheck {
  status: 'ok' | 'degraded' | 'failed';
  detail: string;
  [extra: string]: unknown;
}

export interface TaskStatus {
  name: string;
  state: 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';
  restarts: number;
  restartsInWindow: number;
  lastError: string | null;
  lastErrorAt: string | null;
  startedAt: string | null;
}

export interface HealthData {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  checked_at: string;
  uptime_s: number;
  version: string;
  checks: Record<string, HealthCheck>;
}

export function tasksOf(data: HealthData): TaskStatus[] {
  const list = data.checks.tasks?.tasks;
  return Array.isArray(list) ? (list as TaskStatus[]) : [];
}
