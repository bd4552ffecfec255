import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs `fn` once, `ms` after the first of a burst of requests (events often come in bursts: a
 * plugin change, then the operation finishing). Nothing runs after the host leaves the page.
 */
export class Soon implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly fn: () => void,
    private readonly ms = 150,
  ) {
    host.addController(this);
  }

  request = (): void => this.after(this.ms);

  /** Runs `fn` in `ms` unless a run is already due. */
  after(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fn();
    }, ms);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
