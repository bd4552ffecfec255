/**
 * Backups with 20 store-installed plugins through the real bundled server: how long an export and a
 * restore take, and 20 restores killed with kill -9 at a random moment, each followed by the same
 * settling the web process does at start: the device must then hold the old state or the new,
 * whole, and after the restart the retried restore must end in the new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../../db/sqlite.ts';
import { restoresRoot, settleRestore } from '../../core/backup/recover.ts';
import { fingerprint, makeDevice, PLUGINS, type Device } from '../backup-device.ts';
import { percentile, sleep, startServer, type RunningServer, type Row, type Scenario } from '../harness.ts';

const S = 'backup';
const CYCLES = 20;

async function exportZip(url: string): Promise<{ ms: number; zip: Buffer }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v3/backup/export?include_secrets=true`);
  const zip = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  return { ms: performance.now() - t0, zip };
}

const postRestore = (url: string, zip: Buffer) =>
  fetch(`${url}/api/v3/backup/restore`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: new Uint8Array(zip),
  });

async function finished(url: string, id: string) {
  for (;;) {
    const op = (await (await fetch(`${url}/api/v3/plugins/operation/${id}`)).json()).data;
    if (['completed', 'failed', 'cancelled'].includes(op.status)) return op;
    await sleep(20);
  }
}

async function restoreOnce(url: string, zip: Buffer): Promise<number> {
  const t0 = performance.now();
  const id = (await (await postRestore(url, zip)).json()).data.operation_id as string;
  const op = await finished(url, id);
  if (op.status !== 'completed') throw new Error(`restore ${op.status}: ${op.error?.message}`);
  return performance.now() - t0;
}

const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);

/** Settles what a kill left, as the web process does first thing at start; returns the outcomes. */
function settleLeft(d: Device): string[] {
  const root = restoresRoot(d.dataDir);
  if (!fs.existsSync(root)) return [];
  const db = openSqlite(d.dataDir);
  try {
    return fs.readdirSync(root).map((name) => settleRestore(db.sqlite, path.join(root, name)));
  } finally {
    db.close();
  }
}

type Tag = 'old' | 'new';
type Print = Record<string, string>;

/** Which known state a fingerprint is, or `mix`. */
const whichOf = (print: Print, prints: Record<Tag, Print>): Tag | 'mix' =>
  same(print, prints.old) ? 'old' : same(print, prints.new) ? 'new' : 'mix';

/** Ids of the restore operations in the device's database. */
function restoreIds(d: Device): string[] {
  const db = openSqlite(d.dataDir);
  try {
    return db.sqlite.prepare("SELECT id FROM operations WHERE kind = 'backup-restore'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** One restore killed `delayMs` after it was sent; what the settling left, and how the retry ended. */
async function killOnce(d: Device, zip: Buffer, delayMs: number) {
  const before = new Set(restoreIds(d));
  const server: RunningServer = await startServer(d.env);
  const posted = postRestore(server.url, zip).catch(() => null);
  await sleep(delayMs);
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  await posted;
  const settled = settleLeft(d);
  const afterKill = fingerprint(d);
  const again = await startServer(d.env);
  // The restore this cycle sent, if the server recorded it before it was killed.
  const id = restoreIds(d).find((x) => !before.has(x));
  const end = id ? await finished(again.url, id) : null;
  await again.stop();
  return { settled, afterKill, endStatus: end?.status as string | undefined, final: fingerprint(d) };
}

async function killCycles(d: Device, zips: Record<Tag, Buffer>, prints: Record<Tag, Print>, restoreMs: number) {
  const outcomes: Record<string, number> = {};
  let mixes = 0;
  let wrongEnd = 0;
  let now: Tag = 'new';
  for (let i = 0; i < CYCLES; i++) {
    const target: Tag = now === 'old' ? 'new' : 'old';
    // Anywhere from before the request arrives to after the restore finished (a fresh process is slower).
    const r = await killOnce(d, zips[target], Math.random() * restoreMs * 3);
    const state = whichOf(r.afterKill, prints);
    if (state === 'mix') mixes += 1;
    const label = `${r.settled.join('+') || 'nothing to settle'} → ${state === 'mix' ? 'mix' : state === now ? 'old state' : 'new state'}`;
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    // Sent and recorded before the kill: the restarted process finishes it (a retry, or nothing left to do).
    const expected: Tag = r.endStatus === 'completed' || state === target ? target : now;
    if (!same(r.final, prints[expected])) wrongEnd += 1;
    const end = whichOf(r.final, prints);
    if (end !== 'mix') now = end;
  }
  return { outcomes, mixes, wrongEnd };
}

export const scenario: Scenario = {
  name: S,
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    const old = makeDevice('old');
    const fresh = makeDevice('new');
    const other = await startServer(fresh.env);
    const newZip = (await exportZip(other.url)).zip;
    await other.stop();

    const server = await startServer(old.env);
    const exports: number[] = [];
    let oldZip: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) {
      const e = await exportZip(server.url);
      exports.push(e.ms);
      oldZip = e.zip;
    }
    const restores: number[] = [];
    for (let i = 0; i < 5; i++) restores.push(await restoreOnce(server.url, i % 2 ? oldZip : newZip));
    await server.stop();
    const prints = { new: fingerprint(old), old: { ...fingerprint(old) } };
    // The device holds the new state now (the last restore); the old state's print comes from a restore of it.
    const s2 = await startServer(old.env);
    await restoreOnce(s2.url, oldZip);
    await s2.stop();
    prints.old = fingerprint(old);
    const s3 = await startServer(old.env);
    await restoreOnce(s3.url, newZip);
    await s3.stop();
    prints.new = fingerprint(old);

    const cycles = await killCycles(old, { old: oldZip, new: newZip }, prints, percentile(restores, 50));
    rows.push(
      {
        scenario: S,
        metric: `export with ${PLUGINS} plugins (median of 5)`,
        value: Math.round(percentile(exports, 50)),
        unit: 'ms',
      },
      { scenario: S, metric: 'export size', value: Math.round(oldZip.length / 1024), unit: 'KiB' },
      {
        scenario: S,
        metric: `restore with ${PLUGINS} plugins, request to completed (median of 5)`,
        value: Math.round(percentile(restores, 50)),
        unit: 'ms',
      },
      {
        scenario: S,
        metric: `restores killed at random (${CYCLES}): left mixed`,
        value: cycles.mixes,
        unit: 'cycles',
        target: '<= 0',
      },
      {
        scenario: S,
        metric: `restores killed at random (${CYCLES}): not restored after the restart`,
        value: cycles.wrongEnd,
        unit: 'cycles',
        target: '<= 0',
      },
    );
    for (const [k, n] of Object.entries(cycles.outcomes))
      rows.push({ scenario: S, metric: `killed: ${k}`, value: n, unit: 'cycles' });
    for (const d of [old, fresh]) fs.rmSync(d.root, { recursive: true, force: true });
    return rows;
  },
};
