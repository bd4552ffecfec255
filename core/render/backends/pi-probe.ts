import fs from 'node:fs';

export interface PiProbe {
  isPi: boolean;
  gpio: boolean;
  model: string | null;
}

/** Reads the facts `auto` decides on: a Raspberry Pi model string and access to the GPIO device. */
export function probePi(read: (file: string) => string | null = readOrNull, canWrite = writable): PiProbe {
  const model = (read('/proc/device-tree/model') ?? '').replace(/\0/g, '').trim();
  const cpuinfo = model ? '' : (read('/proc/cpuinfo') ?? '');
  const cpuModel = /^Model\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? '';
  const name = model || cpuModel;
  const isPi = /raspberry pi/i.test(name);
  return { isPi, gpio: isPi && (canWrite('/dev/gpiomem') || canWrite('/dev/mem')), model: name || null };
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
