/**
 * `POST /api/v3/plugins/action`: one of the `web_ui_actions` a plugin's manifest declares, run as
 * a call inside the plugin's own confined host (through the display process, which owns the
 * hosts), never as a command of Marquee's services. LEDMatrix ran a script of the plugin in its
 * web service's shell; here the host calls the plugin's method (see marquee_host/actions.py).
 */
import type { Sqlite } from '../../../db/sqlite.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { ErrorCode } from '../../platform/errors/catalogue.ts';
import { readInstalledPlugin } from '../installed.ts';
import type { ActionResult } from '../ipc.ts';
import { readPluginDir } from '../plugins-on-disk.ts';
import type { DisplayLink } from './link.ts';

export interface ActionInput {
  plugin_id: string;
  action_id: string;
  params: Record<string, unknown>;
}

export interface ActionDeps {
  db: Pick<Sqlite, 'sqlite'>;
  display: Pick<DisplayLink, 'runAction'>;
  /** The display's deadline for the call (plugins.updateDeadlineMs): the web waits a little longer. */
  deadlineMs: number;
}

/** How long the web process waits beyond the host's deadline for the display's word. */
const RELAY_MS = 5_000;

/** The manifest's declared action ids for `pluginId`; throws PLUGIN_NOT_FOUND for a plugin not installed. */
export function declaredActions(deps: Pick<ActionDeps, 'db'>, pluginId: string): Array<Record<string, unknown>> {
  const row = readInstalledPlugin(deps.db.sqlite, pluginId);
  if (!row || row.status === 'uninstalled' || row.status === 'missing')
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${pluginId} is not installed`,
      context: { plugin_id: pluginId },
    });
  const list = readPluginDir(pluginId, row.path).manifest.web_ui_actions;
  return Array.isArray(list) ? list.filter((a): a is Record<string, unknown> => !!a && typeof a === 'object') : [];
}

export async function runPluginAction(deps: ActionDeps, input: ActionInput) {
  const declared = declaredActions(deps, input.plugin_id);
  const entry = declared.find((a) => a.id === input.action_id);
  if (!entry)
    throw new AppError('PLUGIN_ACTION_NOT_FOUND', {
      message: `Plugin ${input.plugin_id} declares no action ${JSON.stringify(input.action_id)}`,
      context: { plugin_id: input.plugin_id, action_id: input.action_id, actions: declared.map((a) => a.id) },
    });
  const answer = await deps.display.runAction(
    input.plugin_id,
    `web_ui:${input.action_id}`,
    input.params,
    deps.deadlineMs + RELAY_MS,
  );
  if (!answer)
    throw new AppError('TIMEOUT', {
      message: `The display process did not answer for ${input.plugin_id}'s action ${input.action_id}`,
    });
  if (!answer.ok) throw failure(answer, input);
  const message = typeof entry.success_message === 'string' ? entry.success_message : `${input.action_id} done`;
  return { result: answer.result, message };
}

/** The host's codes (marquee_host/errors.py), a host's death (`HOST_<kind>`) and the display's own, as AppErrors. */
const CODES: Record<string, ErrorCode> = {
  NOT_RUNNING: 'PLUGIN_NOT_RUNNABLE',
  UNKNOWN_ACTION: 'PLUGIN_ACTION_NOT_FOUND',
  PLUGIN_NOT_FOUND: 'PLUGIN_NOT_RUNNABLE',
  BAD_REQUEST: 'INVALID_INPUT',
  HOST_HANG: 'TIMEOUT',
};

function failure(answer: Extract<ActionResult, { ok: false }>, input: ActionInput): AppError {
  const code = CODES[answer.code] ?? 'PLUGIN_ACTION_FAILED';
  const what = `${input.plugin_id}'s action ${input.action_id}`;
  const message =
    code === 'PLUGIN_NOT_RUNNABLE'
      ? `${what} cannot run: the plugin is not running (enable it, or see its health): ${answer.error}`
      : code === 'TIMEOUT'
        ? `${what} did not finish in time; its host was stopped: ${answer.error}`
        : `${what} failed: ${answer.error}`;
  return new AppError(code, {
    message,
    context: { plugin_id: input.plugin_id, action_id: input.action_id, host_code: answer.code },
  });
}
