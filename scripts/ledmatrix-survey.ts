/**
 * The LEDMatrix plugin survey: runs every plugin folder under <plugins-folder> in Marquee's Python
 * host at each panel size and prints a table (loaded, update, non-blank frame, first error).
 *
 *   node --import tsx scripts/ledmatrix-survey.ts <plugins-folder> [--sizes 64x32,128x32]
 *        [--renders 3] [--call-ms 60000] [--only id,id] [--json out.json] [--timezone America/New_York]
 *        [--config settings.json] [--frames dir]
 *
 * Each plugin gets the settings of its config_schema.json's defaults and `enabled: true`, no
 * credentials, and whatever network the machine has; --config names a JSON file of settings to lay
 * over those, by plugin folder ({"news": {"feeds": {...}}}), to try a plugin with data of your own.
 * --frames writes each size's last drawn frame as a PNG. Python packages a plugin imports come from
 * the interpreter (MARQUEE_TEST_PYTHON, else /usr/bin/python3); its requirements.txt is not
 * installed, so a missing package shows as the plugin's first error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rgbToPng } from '../test/hosts/python/golden.ts';
import { probePlugin, type Probe } from './ledmatrix-survey-probe.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '64x32,128x32' },
    renders: { type: 'string', default: '3' },
    'call-ms': { type: 'string', default: '60000' },
    only: { type: 'string' },
    json: { type: 'string' },
    timezone: { type: 'string', default: 'America/New_York' },
    config: { type: 'string' },
    frames: { type: 'string' },
  },
});

const folder = positionals[0];
if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: ledmatrix-survey.ts <plugins-folder> [--sizes 64x32,128x32] [--only id,id] [--json out.json]');
  process.exit(2);
}
const sizes = values.sizes.split(',').map((s) => {
  const [w, h] = s.split('x').map(Number);
  if (!Number.isInteger(w) || !Number.isInteger(h) || w! < 1 || h! < 1) throw new Error(`--sizes: ${s} is not WxH`);
  return { width: w!, height: h! };
});
const settings = values.config
  ? (JSON.parse(fs.readFileSync(values.config, 'utf8')) as Record<string, Record<string, unknown>>)
  : {};
const only = values.only ? new Set(values.only.split(',')) : null;
const dirs = fs
  .readdirSync(folder)
  .filter((d) => fs.existsSync(path.join(folder, d, 'manifest.json')) && (!only || only.has(d)))
  .sort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledmatrix-survey-'));

const rows: { id: string; probes: Probe[] }[] = [];
for (const id of dirs) {
  const probes: Probe[] = [];
  for (const size of sizes) {
    probes.push(
      await probePlugin(path.join(folder, id), {
        ...size,
        dataDir: path.join(dataDir, `${size.width}x${size.height}`),
        renders: Number(values.renders),
        callMs: Number(values['call-ms']),
        timezone: values.timezone,
        config: settings[id] ?? {},
      }),
    );
  }
  rows.push({ id, probes });
  if (values.frames) saveFrames(values.frames, id, probes);
  const cells = probes.map(
    (p) => `${p.size} ${p.loaded ? 'loaded' : 'not loaded'}/${p.update}/${p.nonBlank ? 'drawn' : 'blank'}`,
  );
  console.error(`${id}: ${cells.join('  ')}${probes[0]?.firstError ? `  — ${probes[0].firstError}` : ''}`);
}
fs.rmSync(dataDir, { recursive: true, force: true });

/** Each size's last drawn frame as <dir>/<plugin>-<W>x<H>.png. */
function saveFrames(dir: string, id: string, probes: Probe[]) {
  fs.mkdirSync(dir, { recursive: true });
  for (const p of probes) {
    const [w, h] = p.size.split('x').map(Number);
    if (p.lastFrame) fs.writeFileSync(path.join(dir, `${id}-${p.size}.png`), rgbToPng(p.lastFrame, w!, h!));
  }
}

const yes = (b: boolean) => (b ? 'yes' : 'no');
// A blank frame from a plugin whose display() said it had nothing to show is its choice, not a fault.
const drawn = (p: Probe) =>
  p.nonBlank ? 'yes' : p.renders > 0 && p.shownFalse === p.renders ? 'nothing to show' : 'no';
const cell = (text: string | null) => (text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160);
console.log(
  `| plugin | loaded | update | ${sizes.map((s) => `drawn ${s.width}×${s.height}`).join(' | ')} | first error |`,
);
console.log(`| --- | --- | --- | ${sizes.map(() => '---').join(' | ')} | --- |`);
for (const { id, probes } of rows) {
  const logged = probes.find((p) => p.firstLog)?.firstLog;
  const first = probes.find((p) => p.firstError)?.firstError ?? (logged ? `log: ${logged}` : null);
  console.log(
    `| ${id} | ${yes(probes[0]!.loaded)} | ${probes[0]!.update} | ${probes.map(drawn).join(' | ')} | ${cell(first)} |`,
  );
}
const count = (f: (p: Probe) => boolean, i = 0) => rows.filter((r) => f(r.probes[i]!)).length;
console.log(
  `\n${rows.length} plugins: ${count((p) => p.loaded)} loaded, ${count((p) => p.update === 'ok')} updated, ` +
    sizes.map((s, i) => `${count((p) => p.nonBlank, i)} drawn at ${s.width}×${s.height}`).join(', '),
);
if (values.json)
  fs.writeFileSync(
    values.json,
    JSON.stringify(rows, (k, v: unknown) => (k === 'lastFrame' ? undefined : v), 2),
  );
