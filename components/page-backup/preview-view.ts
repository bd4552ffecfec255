import { html, nothing } from 'lit';

/** `POST /api/v3/backup/preview` data. */
export interface RestorePreview {
  created_at: string;
  marquee_version: string;
  includes_secrets: boolean;
  config: { changed: string[]; added: string[]; removed: string[] };
  secrets: 'replaced' | 'kept';
  plugins: {
    install: Array<{ id: string; version: string | null; source: string }>;
    cannot_install: Array<{ id: string; reason: string }>;
    other_version: Array<{ id: string; installed: string | null; backup: string | null }>;
    kept: string[];
  };
  plugin_data: { now: number; after: number };
  saved_repositories: { now: number; after: number };
  uploads: { now: number; after: number };
}

const names = (list: string[]) => (list.length ? list.join(', ') : 'none');
const count = (c: { now: number; after: number }, what: string) => `${c.now} ${what} now, ${c.after} after`;

/** What a restore will change, as a list the user reads before confirming. */
export function previewView(p: RestorePreview) {
  const { config, plugins } = p;
  return html`<ul data-preview>
    <li>Made ${new Date(p.created_at).toLocaleString()} by Marquee ${p.marquee_version}</li>
    <li data-part="config">
      Settings:
      ${
        config.changed.length + config.added.length + config.removed.length === 0
          ? 'no change'
          : html`changed: ${names(config.changed)}; added: ${names(config.added)}; removed: ${names(config.removed)}`
      }
    </li>
    <li data-part="secrets">
      Secrets: ${p.secrets === 'replaced' ? 'replaced by the ones in the backup' : 'the ones on this device are kept'}
    </li>
    <li data-part="install">Plugins to install: ${names(plugins.install.map((x) => x.id))}</li>
    ${
      plugins.cannot_install.length
        ? html`<li data-part="cannot-install">
            Cannot be installed: ${plugins.cannot_install.map((x) => `${x.id} (${x.reason})`).join('; ')}
          </li>`
        : nothing
    }
    ${
      plugins.other_version.length
        ? html`<li>
            Installed in another version (kept):
            ${plugins.other_version.map((x) => `${x.id} ${x.installed} → backup ${x.backup}`).join(', ')}
          </li>`
        : nothing
    }
    ${plugins.kept.length ? html`<li>Installed but not in the backup (kept): ${names(plugins.kept)}</li>` : nothing}
    <li>Plugin data: ${count(p.plugin_data, 'entries')}</li>
    <li>Saved repositories: ${count(p.saved_repositories, 'repositories')}</li>
    <li>Uploads: ${count(p.uploads, 'files')}</li>
  </ul>`;
}
