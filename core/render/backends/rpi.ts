import type { Backend } from './types.ts';
import { probePi, RP1_UNSUPPORTED, type PiProbe } from './pi-probe.ts';
import { rpiOptions, rpiGeometry } from './rpi-options.ts';

type Json = Record<string, unknown>;

/**
 * The real panel through rpi-led-matrix. The package is imported here and only here, and only
 * when this function runs: constructing its LedMatrix off a Raspberry Pi crashes the process, so
 * nothing may load it unless `auto` found a Pi or the user asked for `rpi`.
 */
export async function createRpiBackend(
  hw: Json,
  runtime: Json,
  geometry: { rows: number; cols: number; chainLength: number; parallel: number },
  probe: () => PiProbe = probePi,
): Promise<Backend> {
  const lib = (await import('rpi-led-matrix')) as unknown as {
    isSupported: boolean;
    LedMatrix: {
      defaultMatrixOptions(): object;
      defaultRuntimeOptions(): object;
      new (
        m: object,
        r: object,
      ): {
        brightness(b: number): unknown;
        drawBuffer(b: Uint8Array, w?: number, h?: number): unknown;
        clear(): unknown;
        sync(): void;
      };
    };
  };
  if (!lib.isSupported)
    throw new Error('rpi-led-matrix is not supported on this machine (its native part is not built)');
  // The native constructor crashes the whole process off a Pi: refuse before reaching it.
  const pi = probe();
  if (!pi.isPi) throw new Error('this machine is not a Raspberry Pi');
  if (pi.rp1) throw new Error(RP1_UNSUPPORTED);
  if (!pi.gpio)
    throw new Error(`no access to the GPIO device on ${pi.model} (run as root or add the user to the gpio group)`);
  const opts = rpiOptions(hw, runtime, geometry);
  const { width, height } = rpiGeometry(opts);
  const matrix = new lib.LedMatrix(
    { ...lib.LedMatrix.defaultMatrixOptions(), ...opts.matrix },
    { ...lib.LedMatrix.defaultRuntimeOptions(), ...opts.runtime },
  );
  const kept = new Uint8Array(width * height * 3);
  let brightness = -1;
  let pushes = 0;
  return {
    kind: 'rpi',
    width,
    height,
    push(rgb, b) {
      // Brightness applies to pixels drawn after it is set, so it is set before the redraw.
      if (b !== brightness) matrix.brightness((brightness = b));
      kept.set(rgb);
      matrix.drawBuffer(kept, width, height);
      matrix.sync();
      pushes += 1;
    },
    latest: () => ({ rgb: kept, brightness: Math.max(0, brightness), pushes }),
    close() {
      matrix.clear();
      matrix.sync();
    },
  };
}
