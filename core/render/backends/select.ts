import { createEmulatorBackend } from './emulator.ts';
import { probePi, RP1_UNSUPPORTED, type PiProbe } from './pi-probe.ts';
import type { Backend, BackendKind } from './types.ts';

type Json = Record<string, unknown>;
type Geometry = { rows: number; cols: number; chainLength: number; parallel: number };

export interface BackendChoice {
  backend: Backend;
  requested: BackendKind;
  /** Why the emulator runs when the panel was asked for (shown in health), else null. */
  fallback: string | null;
  probe: PiProbe | null;
}

/**
 * Picks the backend. `auto` uses the panel only on a Raspberry Pi with GPIO access and otherwise
 * never loads rpi-led-matrix; a panel that fails to start falls back to the emulator, saying why.
 * On a Raspberry Pi 5 the panel library is never loaded, whatever was asked: it cannot drive that
 * board, and the emulator runs with the reason as the fallback (shown in health).
 * `loadRpi` is injectable so tests can count calls; it defaults to a dynamic import of ./rpi.ts.
 */
export async function selectBackend(opts: {
  kind: BackendKind;
  geometry: Geometry;
  hardware: Json;
  runtime?: Json;
  probe?: () => PiProbe;
  loadRpi?: () => Promise<typeof import('./rpi.ts')>;
}): Promise<BackendChoice> {
  const emulator = () =>
    createEmulatorBackend(opts.geometry.cols * opts.geometry.chainLength, opts.geometry.rows * opts.geometry.parallel);
  if (opts.kind === 'emulator') return { backend: emulator(), requested: 'emulator', fallback: null, probe: null };
  const probe = (opts.probe ?? probePi)();
  if (probe.rp1) return { backend: emulator(), requested: opts.kind, fallback: RP1_UNSUPPORTED, probe };
  if (opts.kind === 'auto' && (!probe.isPi || !probe.gpio))
    return { backend: emulator(), requested: 'auto', fallback: null, probe };
  try {
    const { createRpiBackend } = await (opts.loadRpi ?? (() => import('./rpi.ts')))();
    return {
      backend: await createRpiBackend(opts.hardware, opts.runtime ?? {}, opts.geometry, () => probe),
      requested: opts.kind,
      fallback: null,
      probe,
    };
  } catch (e) {
    return {
      backend: emulator(),
      requested: opts.kind,
      fallback: `panel did not start: ${(e as Error).message}`,
      probe,
    };
  }
}
