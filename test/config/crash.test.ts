import Database from 'better-sqlite3';
import * as esbuild from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite.ts';
import { recoverCommitsSync } from '../../core/config/files/atomic-write.ts';
import { createConfigHistory } from '../../core/config/history.ts';
import { tempDir } from '../support/temp.ts';
import { contentFor, genOf } from './fixtures/crash-content.ts';

const ITERATIONS = 300;
const PARALLEL = 2;
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

/**
 * The writer bundled to plain JavaScript, so each child starts in tens of milliseconds. SQLite's
 * native module stays outside the bundle, imported by its absolute path (the bundle is in a temp
 * folder, where the package cannot be found by name).
 */
async function bundleWriter(out: string): Promise<string> {
  const file = path.join(out, 'crash-writer.mjs');
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  await esbuild.build({
    entryPoints: [path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'native-sqlite',
        setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlitePath, external: true })),
      },
    ],
  });
  return file;
}

/** Starts the writer, lets it save for a random moment after it is ready, then kills it with SIGKILL. */
function runAndKill(script: string, dir: string, maxMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.once('data', () => setTimeout(() => child.kill('SIGKILL'), Math.random() * maxMs));
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited by itself (${code}): ${err}`));
    });
  });
}

/** Each file is one complete generation; returns both generations. */
function checkFiles(dir: string): { main: number; secrets: number } {
  const main = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
  const secrets = fs.readFileSync(path.join(dir, 'config_secrets.json'), 'utf8');
  const gens = { main: genOf(main), secrets: genOf(secrets) };
  expect(main).toBe(contentFor('main', gens.main));
  expect(secrets).toBe(contentFor('secrets', gens.secrets));
  expect(fs.statSync(path.join(dir, 'config_secrets.json')).mode & 0o777).toBe(0o600);
  return gens;
}

/**
 * Every history row is a complete pair of one generation, and the newest is the pair before the
 * files' generation or, when the kill came between the row and the files, the files' own.
 */
function checkHistory(dir: string, filesGen: number): void {
  const sqlite = new Database(path.join(dir, 'marquee.db'));
  try {
    const history = createConfigHistory(sqlite, { keep: 5 });
    const ids = history.ids();
    for (const id of ids) {
      const pair = history.read(id)!;
      expect(genOf(pair.main)).toBe(genOf(pair.secrets));
      expect(pair.main).toBe(contentFor('main', genOf(pair.main)));
      expect(pair.secrets).toBe(contentFor('secrets', genOf(pair.secrets)));
    }
    if (ids.length) expect([filesGen - 1, filesGen]).toContain(genOf(history.read(ids[0]!)!.main));
  } finally {
    sqlite.close();
  }
}

async function loop(script: string, iterations: number): Promise<number> {
  const dir = tempDir('marquee-crash-');
  fs.writeFileSync(path.join(dir, 'config.json'), contentFor('main', 0));
  fs.writeFileSync(path.join(dir, 'config_secrets.json'), contentFor('secrets', 0), { mode: 0o600 });
  // The database as Marquee creates it (WAL, migrated), beside the files for the test's brevity.
  openSqlite(dir).close();
  let last = 0;
  for (let i = 0; i < iterations; i++) {
    await runAndKill(script, dir, 40);
    // Right after the kill, before any recovery: each file is the old or the new complete version.
    const raw = checkFiles(dir);
    expect(Math.abs(raw.main - raw.secrets)).toBeLessThanOrEqual(1);
    expect(Math.min(raw.main, raw.secrets)).toBeGreaterThanOrEqual(last);
    // After recovery (what Marquee runs at start): the pair is one generation.
    recoverCommitsSync(dir);
    const pair = checkFiles(dir);
    expect(pair.main).toBe(pair.secrets);
    checkHistory(dir, pair.main);
    last = pair.main;
  }
  return last;
}

describe('kill -9 during saves', () => {
  it('leaves both files parseable and complete, the pair consistent after recovery, history rows complete pairs', async () => {
    const script = await bundleWriter(tempDir());
    const reached = await Promise.all(Array.from({ length: PARALLEL }, () => loop(script, ITERATIONS / PARALLEL)));
    // The children really saved (the writer saves without pause), so kills landed during saves.
    for (const gen of reached) expect(gen).toBeGreaterThan(ITERATIONS / PARALLEL / 4);
  }, 120_000);
});
