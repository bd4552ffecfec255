/**
 * Event types the UI listens for on `/api/v3/events`. The stream's producers (the operation queue,
 * plugin state) must use these names; data is JSON.
 */
export const EVENT_TYPES = Object.freeze({
  operationCreated: 'operation.created',
  operationProgress: 'operation.progress',
  operationFinished: 'operation.finished',
  pluginChanged: 'plugin.changed',
} as const);

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export const OPERATION_EVENTS: readonly EventType[] = [
  EVENT_TYPES.operationCreated,
  EVENT_TYPES.operationProgress,
  EVENT_TYPES.operationFinished,
];

/** Where the UI finds the server's streams. */
export const STREAM_URLS = Object.freeze({
  events: '/api/v3/events',
  display: '/api/v3/stream/display',
} as const);
