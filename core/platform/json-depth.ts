/**
 * How deeply a JSON document may nest. Every JSON text Marquee parses from a request or a config
 * file is measured first, in one pass over the text, so nothing recursive (merging, masking,
 * validation, serialising) ever sees a value deep enough to exhaust the stack, and a megabyte of
 * `[[[[` costs a scan instead of half a million nested arrays. Marquee's own settings nest about
 * six levels; plugins' settings a few more.
 */
import { AppError } from './errors/app-error.ts';

export const MAX_JSON_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const [OPEN_LIST, OPEN_OBJECT, CLOSE_LIST, CLOSE_OBJECT] = [91, 123, 93, 125];

/**
 * The offset of the first `[` or `{` that opens level `max + 1`, or -1 when the text stays within
 * `max` levels. Brackets inside strings do not count; malformed text is measured all the same.
 */
export function depthExceededAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_LIST || c === OPEN_OBJECT) {
      if (++depth > max) return i;
    } else if (c === CLOSE_LIST || c === CLOSE_OBJECT) depth--;
  }
  return -1;
}

/** Throws 400 INPUT_LIMIT_EXCEEDED naming the limit when `text` nests deeper than it (`what`: "Request body"). */
export function refuseDeepJson(text: string, what: string): void {
  const at = depthExceededAt(text);
  if (at < 0) return;
  throw new AppError('INPUT_LIMIT_EXCEEDED', {
    message: `${what} is nested deeper than ${MAX_JSON_DEPTH} levels (the limit)`,
    context: { limit: 'nesting_depth', max: MAX_JSON_DEPTH, offset: at },
  });
}
