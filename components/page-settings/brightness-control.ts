import { css, html, nothing } from 'lit';
import { asApiError, isAbort, type ApiError } from '../lib/api.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { ruleSentence } from '../../shared/validation-rules.ts';
import { base } from '../lib/styles.ts';

/** At most this often a dragged value is sent to the panel (the newest wins). */
const TRY_EVERY_MS = 120;

/**
 * Brightness, applied to the panel while the slider moves (`POST /api/v3/display/brightness`, never
 * saved) and saved when it is let go (`display.hardware.brightness`). A value typed in the box is
 * saved on Enter or when the box is left.
 */
export class BrightnessControl extends ServicedElement {
  static properties = {
    value: { type: Number },
    current: { state: true },
    note: { state: true },
    error: { state: true },
    saving: { state: true },
    problem: { state: true },
  };
  /** The saved brightness. */
  declare value: number;
  /** What the slider shows (moves ahead of the saved value while dragged). */
  declare current: number;
  declare note: string;
  declare error: ApiError | null;
  declare saving: boolean;
  /** A typed value out of range, in the words every form uses. */
  declare problem: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queued: number | null = null;
  private controller: AbortController | null = null;

  static styles = [
    base,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2) var(--mq-space-3);
        align-items: center;
      }
      input[type='range'] {
        flex: 1 1 12rem;
        accent-color: var(--mq-accent);
        min-height: 2.25rem;
      }
      input[type='number'] {
        width: 5.5rem !important;
      }
      .saved {
        color: var(--mq-ok);
        margin: 0;
      }
      .field-error {
        color: var(--mq-danger);
        margin: 0;
      }
    `,
  ];

  constructor() {
    super();
    this.value = 90;
    this.current = 90;
    this.note = '';
    this.error = null;
    this.saving = false;
    this.problem = '';
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value') && this.timer === null && !this.saving) this.current = this.value;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller?.abort();
  }

  protected render() {
    return html`<div class="row">
        <label for="brightness-range">Brightness</label>
        <input
          id="brightness-range"
          type="range"
          min="0"
          max="100"
          step="1"
          .value=${String(this.current)}
          aria-valuetext=${`${this.current} %`}
          @input=${this.onDrag}
          @change=${this.onRelease}
        />
        <label class="visually-hidden" for="brightness-number">Brightness in percent</label>
        <input
          id="brightness-number"
          type="number"
          min="0"
          max="100"
          step="1"
          inputmode="numeric"
          .value=${String(this.current)}
          aria-invalid=${this.problem ? 'true' : 'false'}
          aria-describedby=${this.problem ? 'brightness-problem' : nothing}
          @change=${this.onRelease}
        />
        <span aria-hidden="true">%</span>
      </div>
      ${this.problem ? html`<p class="field-error" id="brightness-problem" role="alert">${this.problem}</p>` : nothing}
      <p class="saved" role="status">${this.note}</p>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}`;
  }

  private readonly onDrag = (e: Event) => {
    this.current = Number((e.target as HTMLInputElement).value);
    this.note = '';
    this.queued = this.current;
    if (!this.timer) this.flush();
  };

  /** Sends the newest dragged value now, then at most every TRY_EVERY_MS while dragging goes on. */
  private flush(): void {
    const v = this.queued;
    this.queued = null;
    if (v === null) {
      this.timer = null;
      return;
    }
    void this.services.api.post('/api/v3/display/brightness', { brightness: v }).catch(() => {
      // No display process to show it on: the value is still saved on release.
    });
    this.timer = setTimeout(() => this.flush(), TRY_EVERY_MS);
  }

  private readonly onRelease = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const v = Math.round(Number(input.value));
    const rule = !Number.isFinite(v) || input.value === '' ? 'type' : v < 0 ? 'min' : v > 100 ? 'max' : null;
    this.note = '';
    if (rule) {
      this.problem = ruleSentence('Brightness', rule, rule === 'type' ? 'integer' : rule === 'min' ? 0 : 100);
      return;
    }
    this.problem = '';
    this.current = v;
    this.saving = true;
    this.error = null;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      await this.services.api.post(
        '/api/v3/config/main',
        { display: { hardware: { brightness: v } } },
        {
          signal: controller.signal,
        },
      );
      this.value = v;
      this.note = `Brightness ${v} % saved`;
      this.dispatchEvent(new Event('mq-brightness-saved', { bubbles: true, composed: true }));
    } catch (err) {
      if (!isAbort(err)) this.error = asApiError(err);
    } finally {
      if (this.controller === controller) this.controller = null;
      this.saving = false;
    }
  };
}

customElements.define('mq-brightness', BrightnessControl);

declare global {
  interface HTMLElementTagNameMap {
    'mq-brightness': BrightnessControl;
  }
}
