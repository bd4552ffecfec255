/**
 * String helpers that stay linear on any input. Request values can be a megabyte long: a regular
 * expression such as `/\/+$/` retries at every character of a long run and turns quadratic.
 */

/** At most `max` characters, the last one an ellipsis when the text was cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** `text` without the copies of `char` at its end (`trimEnd('a//', '/')` is `'a'`). */
export function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return end === text.length ? text : text.slice(0, end);
}
