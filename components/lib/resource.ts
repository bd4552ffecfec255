import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { asApiError, isAbort, type ApiError } from './api.ts';

export const RESOURCE_STATES = ['loading', 'done', 'empty', 'error'] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

export interface ResourceOptions<T> {
  load(signal: AbortSignal): Promise<T>;
  /** A loaded value that has nothing to show (an empty list). */
  isEmpty?(value: T): boolean;
  /** Load again every this many milliseconds while connected (and only then). */
  refreshMs?: number;
  /**
   * `set()` carries the whole current value (a snapshot the server pushes on every change), so a
   * load under way when one arrives is older: it is dropped rather than shown over the newer value.
   */
  setSupersedesLoad?: boolean;
}

export interface ResourceViews<T> {
  done(value: T): unknown;
  empty?: () => unknown;
  loading?: () => unknown;
  /** Text for the default loading view. */
  loadingText?: string;
  emptyText?: string;
}

/**
 * Data a view loads from the API, with its state always one of loading, done, empty or error. It
 * loads when the host connects, aborts the request and stops its refresh timer when the host
 * disconnects, so a view that leaves the page leaves nothing running.
 */
export class Resource<T> implements ReactiveController {
  state: ResourceState = 'loading';
  value: T | undefined = undefined;
  error: ApiError | null = null;
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: ResourceOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    void this.reload();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  /**
   * Loads again; an earlier request still under way is aborted. Keeps showing the last value
   * meanwhile, and after a failure to reach the server at all.
   */
  async reload(): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    if (this.value === undefined || this.state === 'error') this.setState('loading');
    try {
      const value = await this.opts.load(controller.signal);
      if (controller.signal.aborted) return;
      this.value = value;
      this.error = null;
      this.setState(this.opts.isEmpty?.(value) ? 'empty' : 'done');
    } catch (e) {
      if (controller.signal.aborted || isAbort(e)) return;
      const error = asApiError(e);
      // No answer at all (the server is down or restarting): what was shown stays, with any form
      // and the edits in it; the connection indicator says why, and the next load brings it up to date.
      if (error.status === 0 && this.value !== undefined && this.state !== 'error') return;
      this.error = error;
      this.setState('error');
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.schedule();
      }
    }
  }

  /** Shows a value that arrived by other means (an event carrying the new data), as if loaded. */
  set(value: T): void {
    if (this.opts.setSupersedesLoad && this.controller) {
      this.controller.abort();
      this.controller = null;
      this.schedule();
    }
    this.value = value;
    this.error = null;
    this.setState(this.opts.isEmpty?.(value) ? 'empty' : 'done');
  }

  /** Renders the current state inside a wrapper whose `data-state` tests and styles can use. */
  render(views: ResourceViews<T>): TemplateResult {
    const body =
      this.state === 'loading'
        ? (views.loading?.() ??
          html`<p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>${views.loadingText ?? 'Loading…'}
          </p>`)
        : this.state === 'error'
          ? html`<mq-error .error=${this.error} .retry=${() => this.reload()}></mq-error>`
          : this.state === 'empty'
            ? (views.empty?.() ?? html`<p class="empty">${views.emptyText ?? 'Nothing here yet.'}</p>`)
            : views.done(this.value as T);
    return html`<div class="resource" data-state=${this.state} aria-busy=${this.state === 'loading' ? 'true' : nothing}>
      ${body}
    </div>`;
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.connected || !this.opts.refreshMs) return;
    this.timer = setTimeout(() => void this.reload(), this.opts.refreshMs);
  }

  private setState(state: ResourceState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
