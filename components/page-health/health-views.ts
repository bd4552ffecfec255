import { html, nothing } from 'lit';
import { dateTime, duration, humanize } from '../lib/format.ts';
import { tasksOf, type HealthCheck, type HealthData, type TaskStatus } from './health-types.ts';

/**
 * Shown by their own sections (the tasks table, the display's figures), or of no use to a person
 * reading this page: process ids and folders on the server's disk.
 */
const LEFT_OUT = new Set(['status', 'detail', 'tasks', 'info', 'pid', 'path', 'file', 'problems']);

/** `heartbeat_age_ms: 5639` → ["Heartbeat", "6 s ago"]; other facts in words as they are. */
function fact(key: string, value: unknown): [string, string] {
  if (key.endsWith('_age_ms') && typeof value === 'number')
    return [humanize(key.slice(0, -'_age_ms'.length)), `${duration(value / 1000)} ago`];
  if (typeof value === 'boolean') return [humanize(key), value ? 'yes' : 'no'];
  return [humanize(key), typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

function extra(check: HealthCheck) {
  const rows = Object.entries(check).filter(([k, v]) => !LEFT_OUT.has(k) && v !== null && v !== undefined);
  if (!rows.length) return nothing;
  return html`<dl class="facts">
    ${rows.map(([k, v]) => {
      const [term, text] = fact(k, v);
      return html`<dt>${term}</dt>
        <dd>${text}</dd>`;
    })}
  </dl>`;
}

/** The service's own checks, each with its state and detail (technical details). */
export function checksView(data: HealthData) {
  return html`<section aria-labelledby="checks-h" data-section="checks">
    <h3 id="checks-h">Checks <span class="badge ${data.status}" data-testid="overall">${data.status}</span></h3>
    <p class="muted small">Checked ${dateTime(data.checked_at)}</p>
    <ul class="checks">
      ${Object.entries(data.checks).map(
        ([name, check]) =>
          html`<li data-check=${name}>
            <div class="check-head">
              <strong>${humanize(name)}</strong>
              <span class="badge ${check.status}">${check.status}</span>
            </div>
            <p class="detail">${check.detail}</p>
            ${extra(check)}
          </li>`,
      )}
    </ul>
  </section>`;
}

function taskRow(t: TaskStatus) {
  return html`<tr data-task=${t.name}>
    <th scope="row">${t.name}</th>
    <td><span class="badge ${t.state}">${t.state}</span></td>
    <td>${t.restarts}</td>
    <td>${dateTime(t.startedAt)}</td>
    <td>${t.lastError ? html`${t.lastError} <span class="muted">(${dateTime(t.lastErrorAt)})</span>` : '—'}</td>
  </tr>`;
}

export function tasksView(data: HealthData) {
  const tasks = tasksOf(data);
  return html`<section aria-labelledby="tasks-h" data-section="tasks">
    <h3 id="tasks-h">Background jobs</h3>
    ${
      tasks.length
        ? html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">State</th>
                  <th scope="col">Restarts</th>
                  <th scope="col">Started</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                ${tasks.map(taskRow)}
              </tbody>
            </table>
          </div>`
        : html`<p class="empty">No background tasks are registered.</p>`
    }
  </section>`;
}
