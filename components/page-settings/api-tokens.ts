import { css, html, nothing } from 'lit';
import { asApiError, type ApiError } from '../lib/api.ts';
import { copyText } from '../lib/clipboard.ts';
import { dateTime } from '../lib/format.ts';
import { icon } from '../lib/icons.ts';
import { pageStyles } from '../lib/page-styles.ts';
import { Resource } from '../lib/resource.ts';
import { ServicedElement } from '../lib/serviced-element.ts';
import { base } from '../lib/styles.ts';

/** `GET /api/v3/auth/tokens` entries (never the token itself). */
interface Token {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/**
 * API tokens for scripts and home automation: made with a name, shown once right after (Marquee
 * keeps only a hash), listed with their last use, revoked after asking in the list.
 */
export class ApiTokens extends ServicedElement {
  static properties = {
    made: { state: true },
    asking: { state: true },
    error: { state: true },
    busy: { state: true },
    copied: { state: true },
  };
  declare made: { name: string; token: string } | null;
  declare asking: string | null;
  declare error: ApiError | null;
  declare busy: boolean;
  declare copied: boolean;
  static styles = [
    base,
    pageStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: var(--mq-space-2);
        align-items: end;
        margin-bottom: var(--mq-space-3);
      }
      label {
        display: grid;
        gap: 0.2rem;
        flex: 1 1 14rem;
      }
      .made {
        border: 2px solid var(--mq-accent);
        border-radius: var(--mq-radius-lg);
        padding: var(--mq-space-3);
        margin-bottom: var(--mq-space-3);
      }
      .made input {
        font-family: var(--mq-mono);
        width: 100%;
      }
    `,
  ];

  private readonly tokens = new Resource<Token[]>(this, {
    load: async (signal) =>
      (await this.services.api.get<{ tokens: Token[] }>('/api/v3/auth/tokens', { signal })).data.tokens,
    isEmpty: (list) => list.length === 0,
  });

  constructor() {
    super();
    this.made = null;
    this.asking = null;
    this.error = null;
    this.busy = false;
    this.copied = false;
  }

  protected render() {
    return html`<form @submit=${this.make}>
        <label
          >What the token is for
          <input name="name" maxlength="60" required placeholder="Home Assistant" />
        </label>
        <button type="submit" class="primary" ?disabled=${this.busy}>${icon('plus')}Make a token</button>
      </form>
      ${this.error ? html`<mq-error .error=${this.error}></mq-error>` : nothing}
      ${this.made ? this.renderMade(this.made) : nothing}
      ${this.tokens.render({
        loadingText: 'Loading tokens…',
        emptyText: 'No API tokens yet.',
        done: (list) =>
          html`<ul class="items">
            ${list.map((t) => this.renderToken(t))}
          </ul>`,
      })}`;
  }

  private renderMade(made: { name: string; token: string }) {
    return html`<div class="made" role="region" aria-labelledby="made-h">
      <h3 id="made-h">Token for ${made.name}</h3>
      <p>Copy it now: Marquee keeps only a hash of it and cannot show it again.</p>
      <input class="token" readonly aria-label="The new token" .value=${made.token} @focus=${this.selectAll} />
      <p>Send it as <code>Authorization: Bearer …</code>.</p>
      <button type="button" @click=${this.copy}>${icon('link')}${this.copied ? 'Copied' : 'Copy the token'}</button>
      <button type="button" @click=${() => (this.made = null)}>${icon('ok')}Done</button>
    </div>`;
  }

  private renderToken(t: Token) {
    return html`<li data-token=${t.id}>
      <span>
        <span class="name">${t.name}</span><br />
        <span class="muted"
          >made ${dateTime(t.created_at)} · last used ${t.last_used_at ? dateTime(t.last_used_at) : 'not yet'}</span
        >
      </span>
      ${
        this.asking === t.id
          ? html`<span role="group" aria-label="Revoke ${t.name}?">
              <button type="button" class="danger confirm-revoke" @click=${() => this.revoke(t)}>
                Revoke ${t.name}
              </button>
              <button type="button" @click=${() => (this.asking = null)}>Keep it</button>
            </span>`
          : html`<button type="button" class="revoke" @click=${() => (this.asking = t.id)}>
              ${icon('trash')}Revoke<span class="visually-hidden"> ${t.name}</span>
            </button>`
      }
    </li>`;
  }

  private readonly selectAll = (e: Event) => (e.target as HTMLInputElement).select();

  private readonly copy = async () => {
    if (this.made) this.copied = await copyText(this.made.token);
  };

  private readonly make = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value;
    this.busy = true;
    this.error = null;
    try {
      const { data } = await this.services.api.post<{ token: string; info: Token }>('/api/v3/auth/tokens', { name });
      this.made = { name: data.info.name, token: data.token };
      this.copied = false;
      form.reset();
      await this.tokens.reload();
    } catch (err) {
      this.error = asApiError(err);
    } finally {
      this.busy = false;
    }
  };

  private async revoke(t: Token) {
    this.error = null;
    try {
      await this.services.api.del(`/api/v3/auth/tokens/${encodeURIComponent(t.id)}`);
      this.asking = null;
      await this.tokens.reload();
    } catch (e) {
      this.error = asApiError(e);
    }
  }
}

customElements.define('mq-api-tokens', ApiTokens);

declare global {
  interface HTMLElementTagNameMap {
    'mq-api-tokens': ApiTokens;
  }
}
