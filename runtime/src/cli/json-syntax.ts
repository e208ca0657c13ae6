// Where a JSON text first breaks, as line, column and the line itself. V8's JSON.parse
// messages give a character offset at best ("at position 10") and, for an unexpected token,
// none at all; people look for lines. So after JSON.parse has refused a text, a small scanner
// walks the grammar (RFC 8259) to the first character that cannot continue it.

export interface JsonSyntaxError {
  /** 1-based line and column (columns count UTF-16 code units, as editors mostly do). */
  line: number;
  column: number;
  reason: string;
  /** The line, shortened around the column when long, and a caret under the column. */
  excerpt: string;
}

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

/** Offset and reason of the first syntax error, or null when the text is valid JSON. */
export function firstSyntaxError(text: string): { at: number; reason: string } | null {
  let i = 0;
  /** Where the last comma was: a trailing comma is reported there, where it must be removed. */
  let comma = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const what = () => (i >= text.length ? 'the end of the text' : `${JSON.stringify(text[i])}`);
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${what()}`);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) return void (i += word.length);
    bareWord();
  };
  // Unquoted text where a value belongs: most often a string someone forgot to quote.
  const bareWord = (): never => {
    const w = /^[^\s,:[\]{}"]+/.exec(text.slice(i))?.[0] ?? '';
    if (w.startsWith("'")) throw new Stop(i, 'a string in single quotes: JSON strings need double quotes');
    throw new Stop(i, `unquoted ${JSON.stringify(w.length > 40 ? `${w.slice(0, 40)}…` : w)}: strings need double quotes; true, false and null are the only bare words`);
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('a closing quote');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) throw new Stop(i, 'a control character (such as a line break) inside a string: write it as \\n, \\t or \\u00XX');
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop(i - 1, 'a \\u escape needs 4 hex digits');
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else throw new Stop(i - 1, `unknown escape \\${e ?? ''} in a string`);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) {
      if (/^[A-Za-z_']/.test(text[i] ?? '')) bareWord();
      fail('a value');
    }
    i += (m as RegExpExecArray)[0].length;
    if (/[\d.eE]/.test(text[i] ?? '')) throw new Stop(i, 'a malformed number (no leading zeros, digits after "." and "e")');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] === '}') throw new Stop(comma, 'a comma before "}": JSON allows none after the last property');
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail('":" after the property name');
        i++;
        value();
        ws();
        if (text[i] === ',') comma = i++;
        else if (text[i] === '}') return void i++;
        else fail('"," or "}" after a property value');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') throw new Stop(comma, 'a comma before "]": JSON allows none after the last element');
        value();
        ws();
        if (text[i] === ',') comma = i++;
        else if (text[i] === ']') return void i++;
        else fail('"," or "]" after an array element');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the text after the value');
    return null;
  } catch (e) {
    if (e instanceof Stop) return { at: e.at, reason: e.reason };
    throw e;
  }
}

const WIDTH = 100;

/** Line, column, reason and the offending line of a text JSON.parse refused. */
export function describeJsonSyntaxError(text: string, parseError: Error): JsonSyntaxError {
  const found = firstSyntaxError(text) ?? { at: text.length, reason: parseError.message };
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const endNl = text.indexOf('\n', start);
  const whole = text.slice(start, endNl === -1 ? text.length : endNl).replace(/\r$/, '');
  const column = found.at - start + 1;
  // A minified document is one long line: show a window around the column.
  let from = 0;
  let shown = whole;
  if (whole.length > WIDTH) {
    from = Math.max(0, Math.min(column - 1 - WIDTH / 2, whole.length - WIDTH));
    shown = `${from > 0 ? '…' : ''}${whole.slice(from, from + WIDTH)}${from + WIDTH < whole.length ? '…' : ''}`;
    if (from > 0) from -= 1; // the ellipsis takes a column
  }
  const gutter = String(line);
  // Tabs stay tabs under the caret so that it lines up in a terminal.
  const pad = shown.slice(0, column - 1 - from).replace(/[^\t]/g, ' ');
  const excerpt = `  ${gutter} | ${shown}\n  ${' '.repeat(gutter.length)} | ${pad}^`;
  return { line, column, reason: found.reason, excerpt };
}
