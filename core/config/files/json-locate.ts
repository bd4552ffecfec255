/**
 * Finds where a JSON text first goes wrong and says what was expected there, without quoting the
 * text: V8's own messages may include part of the file, and a config file can hold secrets.
 * Used only after JSON.parse has failed.
 */
export interface JsonFault {
  offset: number;
  message: string;
}

class Fault extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function locateJsonFault(text: string): JsonFault | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Fault(i, i >= text.length ? `unexpected end of file; expected ${what}` : `expected ${what}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('the string to be closed on the same line (a control character is not allowed)');
      if (text[i] === '\\') {
        i++;
        if (
          text[i] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? '#')
        )
          fail('a valid escape sequence');
        if (text[i] === 'u') i += 4;
      }
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') return container(c === '{' ? '}' : ']');
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail('a value (string, number, object, array, true, false or null)');
    i += m![0].length;
  };
  const container = (close: '}' | ']') => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      if (close === '}') {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
      }
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail(`',' or '${close}'`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('nothing more after the JSON value');
    return null;
  } catch (e) {
    if (e instanceof Fault) return { offset: e.offset, message: e.message };
    throw e;
  }
}
