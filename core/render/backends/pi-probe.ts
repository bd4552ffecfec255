import fs from 'node:fs';

export interface PiProbe {
  isPi: boolean;
  gpio: boolean;
  model: string | null;
  /** A board whose GPIO header sits on the RP1 chip (Pi 5, Pi 500, Compute Module 5). */
  rp1: boolean;
}

export const DEVICE_TREE_MODEL = '/proc/device-tree/model';

/**
 * Why the bundled panel library cannot drive an RP1 board. rpi-led-matrix 1.15.0 vendors hzeller's
 * library from before its Pi 5 support: it knows Pi models 1 to 4 only, takes a Pi 5 for a Pi 3
 * and maps the Pi 3's peripheral address, which is not where the Pi 5's GPIO is; it has no
 * `rp1_rio` option either. Opening the panel there cannot work, so it is never tried.
 */
export const RP1_UNSUPPORTED =
  'this board is a Raspberry Pi 5, which the bundled panel library (rpi-led-matrix 1.15.0, built on ' +
  "hzeller's rpi-rgb-led-matrix from before its Pi 5 support) cannot drive; the emulator runs instead " +
  '(the panel works on a Raspberry Pi 4 or earlier)';

const RP1_MODEL = /raspberry pi (5|500\+?|compute module 5)\b/i;

/**
 * Reads the facts `auto` decides on: the board's model (device tree, else /proc/cpuinfo) and
 * access to the GPIO device. `modelFile` is where the device tree's model is read.
 */
export function probePi(
  read: (file: string) => string | null = readOrNull,
  canWrite = writable,
  modelFile = DEVICE_TREE_MODEL,
): PiProbe {
  const model = (read(modelFile) ?? '').replace(/\0/g, '').trim();
  const cpuinfo = model ? '' : (read('/proc/cpuinfo') ?? '');
  const cpuModel = /^Model\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? '';
  const name = model || cpuModel;
  const isPi = /raspberry pi/i.test(name);
  return {
    isPi,
    gpio: isPi && (canWrite('/dev/gpiomem') || canWrite('/dev/mem')),
    model: name || null,
    rp1: isPi && RP1_MODEL.test(name),
  };
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
