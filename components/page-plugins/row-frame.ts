import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { decodePngFrame, ledCanvasStyles, ledGrid, paintLeds } from '../lib/led-canvas.ts';
import { base } from '../lib/styles.ts';
import type { RowFrame, RowStream } from './row-stream.ts';

/**
 * A plugin's newest frame on its row of the Plugins page, drawn by its host off screen about once
 * a second (row-stream.ts), as LED dots at the panel's size. Until the first frame: a note, never a
 * blank box.
 */
export class RowFramePicture extends LitElement {
  static properties = {
    pluginId: { attribute: 'plugin-id' },
    label: {},
    stream: { attribute: false },
    size: { state: true },
  };
  declare pluginId: string;
  declare label: string;
  declare stream: RowStream | null;
  declare size: { width: number; height: number } | null;
  /** Frames drawn since connecting. */
  framesDrawn = 0;
  private bitmap: ImageBitmap | null = null;
  private stop: (() => void) | null = null;
  private decoding: Promise<void> = Promise.resolve();

  static styles = [
    base,
    ledCanvasStyles,
    css`
      :host {
        display: block;
        position: relative;
      }
      canvas {
        background: #000;
        border-radius: var(--mq-radius);
      }
      .note {
        display: block;
        font-size: 0.7rem;
        text-align: center;
        color: #b8c2cc;
      }
    `,
  ];

  constructor() {
    super();
    this.pluginId = '';
    this.label = '';
    this.stream = null;
    this.size = null;
  }

  /** Connected again after a move in the list (a reorder): it follows its plugin's frames again. */
  connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.follow();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    this.stop = null;
    this.bitmap?.close();
    this.bitmap = null;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('stream') || changed.has('pluginId')) this.follow();
  }

  private follow(): void {
    this.stop?.();
    this.stop = this.stream?.subscribe(this.pluginId, (f) => this.onFrame(f)) ?? null;
  }

  private onFrame(f: RowFrame): void {
    // One decode at a time, in order: at a frame a second there is never a queue worth skipping.
    this.decoding = this.decoding.then(() => this.draw(f));
  }

  private async draw(f: RowFrame): Promise<void> {
    const bitmap = await decodePngFrame(f.image);
    if (!bitmap || !this.isConnected) return bitmap?.close();
    if (this.size?.width !== f.width || this.size?.height !== f.height) {
      this.size = { width: f.width, height: f.height };
      await this.updateComplete;
    }
    this.bitmap?.close();
    this.bitmap = bitmap;
    if (paintLeds(this.renderRoot.querySelector('canvas'), bitmap)) this.framesDrawn++;
  }

  protected render() {
    const width = this.size?.width ?? 64;
    const height = this.size?.height ?? 32;
    ledGrid(this, width, height);
    return html`<canvas
        class="led led-dots"
        role="img"
        aria-label=${this.label}
        data-plugin=${this.pluginId}
        width=${width}
        height=${height}
      ></canvas>
      ${this.size ? nothing : html`<span class="note" role="status">Waiting for a frame…</span>`}`;
  }
}

customElements.define('mq-row-frame', RowFramePicture);

declare global {
  interface HTMLElementTagNameMap {
    'mq-row-frame': RowFramePicture;
  }
}
