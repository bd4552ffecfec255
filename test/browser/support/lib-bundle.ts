import * as esbuild from 'esbuild';
import path from 'node:path';

const LIB = path.join(import.meta.dirname, '..', '..', '..', 'components', 'lib');

/**
 * The UI's client library (API client, event hub, services) bundled as one inline script that
 * sets `window.mqlib`, so tests can drive it in the browser against the real server.
 */
export async function libScript(): Promise<string> {
  const result = await esbuild.build({
    stdin: {
      contents: `
        export { createApi, ApiError, isAbort } from './api.ts';
        export { createEventHub } from './events.ts';
        export { provideServices } from './services.ts';
      `,
      resolveDir: LIB,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'mqlib',
    write: false,
    target: 'chrome100',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
