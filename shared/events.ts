/**
 * Event types the UI listens for on `/api/v3/events`. The stream's producers (the operation queue,
 * plugin state, the display link) must use these names; data is JSON.
 */
export const EVENT_TYPES = Object.freeze({
  operationCreated: 'operation.created',
  operationStarted: 'operation.started',
  operationProgress: 'operation.progress',
  operationRetrying: 'operation.retrying',
  operationFinished: 'operation.finished',
  pluginChanged: 'plugin.changed',
  /** What is on the panel changed; data is the `GET /api/v3/display/current-status` data. */
  displayChanged: 'display.changed',
  /** A reconcile run ended; its findings are at `GET /api/v3/plugins/reconciliation-status`. */
  reconcileFinished: 'reconcile.finished',
  /** Safe mode began or ended; data is the `GET /api/v3/system/safe-mode` data. */
  safeModeChanged: 'safe-mode.changed',
  /** The server could not replay what this page missed: reload state instead of trusting the stream. */
  resync: 'resync',
} as const);

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** Every change of an operation (its data is the operation as the API shows it). */
export const OPERATION_EVENTS: readonly EventType[] = [
  EVENT_TYPES.operationCreated,
  EVENT_TYPES.operationStarted,
  EVENT_TYPES.operationProgress,
  EVENT_TYPES.operationRetrying,
  EVENT_TYPES.operationFinished,
];

/** Where the UI finds the server's streams. */
export const STREAM_URLS = Object.freeze({
  events: '/api/v3/events',
  display: '/api/v3/stream/display',
  /** Frames of the plugins off screen, for the Plugins page's rows, and whether each can be drawn. */
  pluginFrames: '/api/v3/stream/plugin-frames',
} as const);
