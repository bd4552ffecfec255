import { depthExceededAt, MAX_JSON_DEPTH } from '../../platform/json-depth.ts';
import { locateJsonFault } from './json-locate.ts';

/** JSON as the config files hold it: 4-space indented like LEDMatrix wrote it, parse errors located. */

export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: ParseFailure };

/** Line and column (1-based) of a character offset. */
export function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/**
 * A file nested deeper than MAX_JSON_DEPTH does not parse, like a syntax error at the bracket that
 * goes too deep: nothing recursive may see it (nor the fault locator, which recurses).
 */
export function parseJson(text: string): ParseResult {
  const tooDeep = depthExceededAt(text);
  if (tooDeep >= 0)
    return { ok: false, error: { message: `nested deeper than ${MAX_JSON_DEPTH} levels`, ...locate(text, tooDeep) } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const fault = locateJsonFault(text) ?? { offset: 0, message: 'not valid JSON' };
    return { ok: false, error: { message: fault.message, ...locate(text, fault.offset) } };
  }
}

export const toJsonText = (value: unknown): string => JSON.stringify(value, null, 4) + '\n';
