import path from 'node:path';
import { fileURLToPath } from 'node:url';

declare const MARQUEE_BUNDLE: boolean | undefined;

/** Whether this code runs from the production bundle in dist/ (set by scripts/build.mjs). */
export const BUNDLED = typeof MARQUEE_BUNDLE !== 'undefined' && MARQUEE_BUNDLE;

/**
 * The project folder: three up from this file's folder, or the parent of dist/ when running from
 * the bundle (every module is then one file in dist/).
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), BUNDLED ? '..' : '../../..');
