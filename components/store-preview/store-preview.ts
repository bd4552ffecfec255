import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { ledCanvasStyles, ledGrid, paintLeds } from '../lib/led-canvas.ts';
import { base } from '../lib/styles.ts';
import { fetchPreview } from './preview-fetch.ts';
import { pendingDelay, previewReasonText } from './preview-words.ts';

type State = 'idle' | 'pending' | 'ready' | 'unavailable' | 'error';

/**
 * A store entry drawn by the server at this panel's size, as LED dots: asked for once the card
 * comes near the screen, asked again while the server is still drawing it, animated (a strip of
 * frames) only while on screen in a visible tab. Until then, and when there is none, the slotted
 * content (the plugin's icon) shows, with the reason in words.
 */
export class StorePreview extends LitElement {
  static properties = {
    pluginId: { attribute: 'plugin-id' },
    name: {},
    caption: {},
    state: { state: true },
    reason: { state: true },
  };
  declare pluginId: string;
  declare name: string;
  /** Words under the picture when there is one (a row of the Plugins page says "preview"). */
  declare caption: string;
  declare state: State;
  declare reason: string;
  private bitmap: ImageBitmap | null = null;
  private frames = 1;
  private frameMs = 100;
  private frame = 0;
  private tries = 0;
  /** The next frame of an animation. */
  private timer = 0;
  /** The next question to the server while the preview is being drawn. */
  private retry = 0;
  private onScreen = false;
  private loader: AbortController | null = null;
  private observer: IntersectionObserver | null = null;

  static styles = [
    base,
    ledCanvasStyles,
    css`
      :host {
        display: grid;
        gap: 0.2rem;
        justify-items: center;
      }
      .why {
        margin: 0;
        font-size: 0.7rem;
        line-height: 1.2;
        text-align: center;
        color: #b8c2cc;
      }
    `,
  ];

  constructor() {
    super();
    this.pluginId = '';
    this.name = '';
    this.caption = '';
    this.state = 'idle';
    this.reason = '';
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.observer = new IntersectionObserver(([entry]) => {
      this.onScreen = !!entry?.isIntersecting;
      if (this.onScreen && this.state === 'idle') void this.load();
      this.play();
    });
    this.observer.observe(this);
    document.addEventListener('visibilitychange', this.play);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = null;
    document.removeEventListener('visibilitychange', this.play);
    this.reset();
  }

  /** Another plugin in the same element: what was shown or asked for is dropped. */
  protected willUpdate(changed: PropertyValues<this>): void {
    if (!changed.get('pluginId')) return;
    this.reset();
    if (this.onScreen) void this.load();
  }

  private reset(): void {
    this.loader?.abort();
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    this.timer = 0;
    this.tries = 0;
    this.frame = 0;
    this.bitmap?.close();
    this.bitmap = null;
    this.state = 'idle';
    this.reason = '';
  }

  private async load(): Promise<void> {
    this.loader?.abort();
    const loader = (this.loader = new AbortController());
    try {
      const r = await fetchPreview(this.pluginId, loader.signal);
      if (loader.signal.aborted) return r.state === 'ready' ? r.bitmap.close() : undefined;
      if (r.state === 'pending') {
        this.state = 'pending';
        this.reason = 'pending';
        this.retry = window.setTimeout(() => void this.load(), pendingDelay(this.tries++));
        return;
      }
      if (r.state === 'unavailable') return void ((this.state = 'unavailable'), (this.reason = r.reason));
      this.bitmap = r.bitmap;
      this.frames = r.frames;
      this.frameMs = r.frameMs;
      this.state = 'ready';
      await this.updateComplete;
      this.paint();
      this.play();
    } catch (e) {
      if (loader.signal.aborted) return;
      this.state = 'error';
      this.reason = `failed: ${(e as Error).message}`;
    }
  }

  /** Steps through the strip every `frameMs` while on screen in a visible tab. */
  private readonly play = () => {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.state !== 'ready' || this.frames < 2 || !this.onScreen || document.hidden) return;
    const step = () => {
      this.frame = (this.frame + 1) % this.frames;
      this.paint();
      this.timer = window.setTimeout(step, this.frameMs);
    };
    this.timer = window.setTimeout(step, this.frameMs);
  };

  private paint(): void {
    if (this.bitmap) paintLeds(this.renderRoot.querySelector('canvas'), this.bitmap, this.frame);
  }

  protected render() {
    if (this.state === 'ready' && this.bitmap) {
      const width = this.bitmap.width;
      const height = Math.round(this.bitmap.height / this.frames);
      ledGrid(this, width, height);
      return html`<canvas
          class="led led-dots"
          role="img"
          aria-label=${`Preview of ${this.name || this.pluginId} at ${width}×${height}`}
          width=${width}
          height=${height}
          data-frames=${this.frames}
        ></canvas>
        ${this.caption ? html`<span class="why caption">${this.caption}</span>` : nothing}`;
    }
    const why = this.state === 'idle' ? '' : previewReasonText(this.reason);
    return html`<slot></slot>${why ? html`<p class="why" role="status">${why}</p>` : nothing}`;
  }
}

customElements.define('mq-store-preview', StorePreview);

declare global {
  interface HTMLElementTagNameMap {
    'mq-store-preview': StorePreview;
  }
}
