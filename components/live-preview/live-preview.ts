import { LitElement, css, html, nothing } from 'lit';
import { STREAM_URLS } from '../../shared/events.ts';
import { ReconnectingSource, type StreamStatus } from '../lib/reconnecting-source.ts';
import { decodePngFrame, ledCanvasStyles, ledGrid, paintLeds } from '../lib/led-canvas.ts';
import { base } from '../lib/styles.ts';

export const PREVIEW_SCALES = ['fit', 2, 4, 6, 8, 12] as const;
export type PreviewScale = (typeof PREVIEW_SCALES)[number];

/** A frame as the display stream sends it: the panel size, its brightness and the picture as base64 PNG. */
interface Frame {
  width: number;
  height: number;
  image: string;
  brightness?: number;
}

const isFrame = (f: unknown): f is Frame =>
  !!f &&
  typeof f === 'object' &&
  Number.isInteger((f as Frame).width) &&
  Number.isInteger((f as Frame).height) &&
  typeof (f as Frame).image === 'string';

/**
 * The live picture of the panel, from the display stream, drawn as LED dots by default and at the
 * panel's brightness. Connected only while on the page; frames that arrive while one is still being
 * decoded are skipped (the newest wins), so a slow device never builds a backlog. While visible it
 * repaints on every animation frame (the display sends a frame only when the picture changed); off
 * screen or in a hidden tab it paints nothing.
 */
export class LivePreview extends LitElement {
  static properties = {
    src: {},
    label: {},
    scale: {},
    dots: { type: Boolean },
    status: { state: true },
    size: { state: true },
  };
  declare src: string;
  declare label: string;
  /** Screen pixels per LED, or `fit` to fill the width. */
  declare scale: PreviewScale;
  /** Draws each LED as a round dot, as the panel looks from close by. */
  declare dots: boolean;
  /** Frames decoded since connecting (the page's own frame rate can be read from it). */
  framesDrawn = 0;
  /** Repaints of the canvas since connecting (one per animation frame while visible). */
  paints = 0;
  declare status: StreamStatus['state'];
  declare size: { width: number; height: number } | null;
  private source: ReconnectingSource | null = null;
  private pending: Frame | null = null;
  private drawing = false;
  private bitmap: ImageBitmap | null = null;
  private raf = 0;
  private onScreen = false;
  private observer: IntersectionObserver | null = null;

  static styles = [
    base,
    ledCanvasStyles,
    css`
      .frame {
        position: relative;
        background: #000;
        border: 1px solid var(--mq-border);
        border-radius: var(--mq-radius);
        width: 100%;
        overflow: auto;
      }
      canvas {
        filter: brightness(var(--lit, 1));
      }
      /* A fixed scale may be wider than the screen: the frame scrolls, the page does not. */
      .fixed {
        width: max-content;
        max-width: 100%;
      }
      .fixed canvas {
        width: calc(var(--cols) * var(--scale) * 1px);
        max-width: none;
      }
      .note {
        position: absolute;
        inset: auto 0 0 0;
        font-size: 0.75rem;
        text-align: center;
        color: #b8c2cc;
        padding: 0.1rem;
      }
    `,
  ];

  constructor() {
    super();
    this.src = STREAM_URLS.display;
    this.label = 'Live preview of the panel';
    this.status = 'connecting';
    this.size = null;
    this.scale = 'fit';
    this.dots = true;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.framesDrawn = 0;
    this.paints = 0;
    this.source = new ReconnectingSource({ url: this.src, onStatus: (s) => (this.status = s.state) });
    this.source.listen('message', (e) => this.onFrame(e));
    this.observer = new IntersectionObserver(([entry]) => {
      this.onScreen = !!entry?.isIntersecting;
      this.loop();
    });
    this.observer.observe(this);
    document.addEventListener('visibilitychange', this.loop);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source?.close();
    this.source = null;
    this.pending = null;
    this.observer?.disconnect();
    this.observer = null;
    document.removeEventListener('visibilitychange', this.loop);
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.bitmap?.close();
    this.bitmap = null;
  }

  /** Repaints every animation frame while the preview is on screen in a visible tab. */
  private readonly loop = () => {
    const visible = this.onScreen && !document.hidden && !!this.source;
    if (!visible) {
      cancelAnimationFrame(this.raf);
      this.raf = 0;
      return;
    }
    if (this.raf) return;
    const tick = () => {
      this.raf = 0;
      this.paint();
      if (this.onScreen && !document.hidden && this.source) this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  };

  private paint(): void {
    if (this.bitmap && paintLeds(this.renderRoot.querySelector('canvas'), this.bitmap)) this.paints++;
  }

  protected render() {
    const note =
      this.status === 'unavailable'
        ? 'Preview unavailable'
        : this.status === 'open' && !this.size
          ? 'Waiting for a frame…'
          : this.status === 'connecting' || this.status === 'reconnecting'
            ? 'Connecting…'
            : '';
    const width = this.size?.width ?? 64;
    const height = this.size?.height ?? 32;
    const fixed = this.scale !== 'fit';
    ledGrid(this, width, height);
    // Through the CSS object model: the page's Content-Security-Policy refuses style attributes.
    this.style.setProperty('--scale', String(fixed ? this.scale : 1));
    return html`<div class="frame ${fixed ? 'fixed' : ''} ${this.dots ? 'dots' : ''}" data-state=${this.status}>
      <canvas
        class="led ${this.dots ? 'led-dots' : ''}"
        role="img"
        aria-label=${this.label}
        width=${width}
        height=${height}
      ></canvas>
      ${note ? html`<span class="note">${note}</span>` : nothing}
    </div>`;
  }

  private onFrame(e: MessageEvent): void {
    let frame: unknown;
    try {
      frame = JSON.parse(String(e.data));
    } catch {
      return;
    }
    if (!isFrame(frame)) return;
    this.pending = frame;
    if (!this.drawing) void this.drawPending();
  }

  private async drawPending(): Promise<void> {
    this.drawing = true;
    try {
      while (this.pending) {
        const frame = this.pending;
        this.pending = null;
        const bitmap = await decodePngFrame(frame.image);
        if (!bitmap || !this.source) continue;
        if (this.size?.width !== frame.width || this.size?.height !== frame.height) {
          this.size = { width: frame.width, height: frame.height };
          await this.updateComplete;
        }
        this.bitmap?.close();
        this.bitmap = bitmap;
        // Dim like the panel, but never to black: the picture stays readable at low brightness.
        const lit = typeof frame.brightness === 'number' ? 0.35 + (0.65 * Math.min(100, frame.brightness)) / 100 : 1;
        this.style.setProperty('--lit', lit.toFixed(2));
        this.paint();
        this.framesDrawn++;
      }
    } finally {
      this.drawing = false;
    }
  }
}

customElements.define('mq-preview', LivePreview);

declare global {
  interface HTMLElementTagNameMap {
    'mq-preview': LivePreview;
  }
}
