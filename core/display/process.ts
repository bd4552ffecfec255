import type { Settings } from '../../hono.config.ts';
import { openSqlite, type Sqlite } from '../../db/sqlite.ts';
import { systemClock, type Clock } from '../service/clock.ts';
import { createGuardedTask } from '../service/guarded-task.ts';
import { heartbeatLoop } from '../service/heartbeat.ts';
import { createLogger, type Logger } from '../service/logger.ts';
import { createTaskRegistry, type TaskRegistry } from '../service/tasks.ts';

export interface DisplayProcess {
  db: Sqlite;
  log: Logger;
  tasks: TaskRegistry;
  shutdown(reason: string): Promise<void>;
}

/**
 * The display process: owns the panel. It shares only the SQLite file and the config folder with
 * the web process; its liveness is the heartbeat row that web's health reads.
 */
export function startDisplayProcess(settings: Settings, clock: Clock = systemClock): DisplayProcess {
  const log = createLogger({ level: settings.logLevel, clock, base: { proc: 'display' } });
  const db = openSqlite(settings.dataDir);
  const tasks = createTaskRegistry();
  const geometry = {
    width: settings.display.cols * settings.display.chainLength,
    height: settings.display.rows * settings.display.parallel,
  };
  tasks.add(
    createGuardedTask({
      name: 'heartbeat',
      clock,
      log,
      run: heartbeatLoop({
        sqlite: db.sqlite,
        clock,
        name: 'display',
        intervalMs: settings.display.heartbeatMs,
        info: () => ({ ...geometry }),
      }),
    }),
  );
  tasks.startAll();
  log.info('display started', { ...geometry, backend: settings.display.backend });
  let closing: Promise<void> | null = null;
  return {
    db,
    log,
    tasks,
    shutdown(reason) {
      closing ??= (async () => {
        log.info('display stopping', { reason });
        await tasks.stopAll();
        db.close();
      })();
      return closing;
    },
  };
}
