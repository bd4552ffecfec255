import type { Backend } from './types.ts';

/** The panel in memory: keeps the latest frame for the preview. The default off a Raspberry Pi. */
export function createEmulatorBackend(width: number, height: number): Backend {
  const rgb = new Uint8Array(width * height * 3);
  let brightness = 100;
  let pushes = 0;
  return {
    kind: 'emulator',
    width,
    height,
    push(frame, b) {
      rgb.set(frame);
      brightness = b;
      pushes += 1;
    },
    latest: () => ({ rgb, brightness, pushes }),
    close() {},
  };
}
