import type { GuardedTask, TaskStatus } from './guarded.ts';

/** The process's background tasks, so health can report them and shutdown can stop them all. */
export interface TaskRegistry {
  add(task: GuardedTask): GuardedTask;
  statuses(): TaskStatus[];
  startAll(): void;
  stopAll(): Promise<void>;
}

export function createTaskRegistry(): TaskRegistry {
  const tasks: GuardedTask[] = [];
  return {
    add(task) {
      if (tasks.some((t) => t.name === task.name)) throw new TypeError(`task ${task.name} registered twice`);
      tasks.push(task);
      return task;
    },
    statuses: () => tasks.map((t) => t.status()),
    startAll: () => tasks.forEach((t) => t.start()),
    stopAll: async () => {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
