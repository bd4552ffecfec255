/**
 * The kinds of setting value, each with its default. Each helper's message is the expectation
 * printed when a value is refused.
 */
import { Cron } from 'croner';
import path from 'node:path';
import * as v from 'valibot';
import { PROJECT_ROOT } from '../project-root.ts';

export const int = (min: number, max: number, fallback: number) => {
  const msg = `an integer from ${min} to ${max}`;
  return v.optional(v.pipe(v.number(msg), v.integer(msg), v.minValue(min, msg), v.maxValue(max, msg)), fallback);
};

export const text = (fallback: string, msg = 'a non-empty string') =>
  v.optional(v.pipe(v.string(msg), v.trim(), v.minLength(1, msg)), fallback);

/** A relative folder is taken from the project folder, so the service runs from anywhere. */
export const dir = (fallback: string) =>
  v.optional(
    v.pipe(
      v.string('a folder path'),
      v.minLength(1, 'a folder path'),
      v.transform((p) => path.resolve(PROJECT_ROOT, p)),
    ),
    fallback,
  );

export const oneOf = <const T extends readonly [string, ...string[]]>(options: T, fallback: T[number]) =>
  v.optional(v.picklist(options, `one of ${options.join(' | ')}`), fallback);

export const cron = (fallback: string) => {
  const msg = 'a cron expression (5 or 6 fields)';
  return v.optional(
    v.pipe(
      v.string(msg),
      v.check((expr) => {
        try {
          new Cron(expr, { paused: true }).stop();
          return true;
        } catch {
          return false;
        }
      }, msg),
    ),
    fallback,
  );
};

export const url = v.pipe(v.string('a URL or file path'), v.minLength(1, 'a URL or file path'));
