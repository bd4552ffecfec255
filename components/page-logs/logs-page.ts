import { html } from 'lit';
import { ReconnectingSource, type StreamStatus } from '../lib/reconnecting-source.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';
import { logStyles } from './log-styles.ts';
import { KEEP_LINES, LEVELS, lineView, PROCESSES, type LogFilters, type LogLine } from './log-line.ts';

const STREAM = '/api/v3/stream/logs';

const STATE_TEXT: Record<StreamStatus['state'], string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  unavailable: 'Not available; trying again shortly',
  closed: 'Stopped',
};

/**
 * Logs: the recent lines of the web process, the display and the plugin hosts, then every new
 * line as it is written (the server's live tail). Filters apply on the server; pausing keeps the
 * stream and holds new lines back until resumed. Lines are deduplicated by id, so a reconnection
 * that sends recent lines again shows each once.
 */
export class LogsPage extends ServicedElement {
  static properties = {
    filters: { state: true },
    lines: { state: true },
    paused: { state: true },
    stream: { state: true },
  };
  declare filters: LogFilters;
  declare lines: LogLine[];
  declare paused: boolean;
  declare stream: StreamStatus['state'];
  private held: LogLine[] = [];
  private lastId = 0;
  private source: ReconnectingSource | null = null;
  private follow = true;

  static styles = [base, pageStyles, logStyles];

  constructor() {
    super();
    this.filters = {};
    this.lines = [];
    this.paused = false;
    this.stream = 'connecting';
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.open();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source?.close();
    this.source = null;
  }

  protected render() {
    const n = this.held.length;
    return html`<div class="head">
        <h1>Logs</h1>
        <div class="actions">
          <span class="muted" role="status" data-stream=${this.stream}>${STATE_TEXT[this.stream]}</span>
          <button type="button" @click=${this.togglePause} aria-pressed=${this.paused ? 'true' : 'false'}>
            ${this.paused ? `Resume${n ? ` (${n} new)` : ''}` : 'Pause'}
          </button>
          <button type="button" @click=${this.clear}>Clear view</button>
        </div>
      </div>
      ${this.renderFilters()}
      ${
        this.lines.length
          ? html`<ol aria-label="Log lines" @scroll=${this.onScroll}>
              ${this.lines.map(lineView)}
            </ol>`
          : html`<p class="empty">No log lines match yet.</p>`
      }`;
  }

  private renderFilters() {
    const f = this.filters;
    return html`<form class="filters" @submit=${this.onFilter}>
      <label
        >Lowest level
        <select name="level">
          <option value="">Any</option>
          ${LEVELS.map((l) => html`<option value=${l} ?selected=${f.level === l}>${l}</option>`)}
        </select></label
      >
      <label
        >Process
        <select name="process">
          <option value="">All</option>
          ${PROCESSES.map((p) => html`<option value=${p.value} ?selected=${f.process === p.value}>${p.label}</option>`)}
        </select></label
      >
      <label>Plugin <input name="plugin" autocomplete="off" .value=${f.plugin ?? ''} /></label>
      <button type="submit">Filter</button>
    </form>`;
  }

  private open() {
    this.source?.close();
    const q = new URLSearchParams(Object.entries(this.filters).filter(([, v]) => v) as [string, string][]);
    const url = q.toString() ? `${STREAM}?${q}` : STREAM;
    this.source = new ReconnectingSource({ url, onStatus: (s) => (this.stream = s.state) });
    this.source.listen('message', (e) => this.receive(JSON.parse(e.data as string).lines as LogLine[]));
  }

  private receive(batch: LogLine[]) {
    const fresh = batch.filter((l) => l.id > this.lastId);
    if (!fresh.length) return;
    this.lastId = fresh.at(-1)!.id;
    if (this.paused) {
      this.held = [...this.held, ...fresh].slice(-KEEP_LINES);
      this.requestUpdate();
      return;
    }
    this.lines = [...this.lines, ...fresh].slice(-KEEP_LINES);
  }

  protected updated(): void {
    const list = this.renderRoot.querySelector('ol');
    if (list && this.follow) list.scrollTop = list.scrollHeight;
  }

  private readonly onScroll = (e: Event) => {
    const el = e.target as HTMLElement;
    // Following the newest line unless the reader scrolled up to read.
    this.follow = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  private readonly togglePause = () => {
    this.paused = !this.paused;
    if (!this.paused && this.held.length) {
      this.lines = [...this.lines, ...this.held].slice(-KEEP_LINES);
      this.held = [];
    }
  };

  private readonly clear = () => {
    this.lines = [];
    this.held = [];
  };

  private onFilter(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const pick = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    this.filters = { level: pick('level'), process: pick('process'), plugin: pick('plugin') };
    this.lines = [];
    this.held = [];
    this.lastId = 0;
    this.open();
  }
}

customElements.define('mq-page-logs', LogsPage);

declare global {
  interface HTMLElementTagNameMap {
    'mq-page-logs': LogsPage;
  }
}
