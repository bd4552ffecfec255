import { html, nothing } from 'lit';
import { dateTime, duration, humanize } from '../lib/format.ts';
import { tasksOf, type HealthCheck, type HealthData, type TaskStatus } from './health-types.ts';

/** Shown by their own sections (the tasks table, the display's figures). */
const SHOWN_ELSEWHERE = new Set(['status', 'detail', 'tasks', 'info']);

function extra(check: HealthCheck) {
  const rows = Object.entries(check).filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && v !== null && v !== undefined);
  if (!rows.length) return nothing;
  return html`<dl class="facts">
    ${rows.map(
      ([k, v]) =>
        html`<dt>${humanize(k)}</dt>
          <dd>${typeof v === 'object' ? html`<code>${JSON.stringify(v)}</code>` : String(v)}</dd>`,
    )}
  </dl>`;
}

export function summaryView(data: HealthData) {
  return html`<section class="card summary" aria-labelledby="summary-h">
    <h2 id="summary-h">Service</h2>
    <p>
      <span class="badge ${data.status}" data-testid="overall">${data.status}</span>
      <span class="muted">version ${data.version} · up ${duration(data.uptime_s)}</span>
    </p>
    <p class="muted small">Checked ${dateTime(data.checked_at)}</p>
  </section>`;
}

export function checksView(data: HealthData) {
  return html`<section class="card" aria-labelledby="checks-h">
    <h2 id="checks-h">Checks</h2>
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
  return html`<section class="card" aria-labelledby="tasks-h">
    <h2 id="tasks-h">Background tasks</h2>
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
