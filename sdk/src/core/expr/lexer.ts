/** A token: `l` literal, `n` name, `o` operator (and, or, not, in included), `e` end. */
export interface Token {
  t: 'l' | 'n' | 'o' | 'e';
  v: unknown;
  /** 1-based column of the token's first character. */
  c: number;
  /** The name as written, for any name-like token (so that `lead.in` is a property). */
  w?: string;
}

// One sticky pass: number (trailing letters make it bad, so `0x1f` is one error, not `0` then
// `x1f`), name, quoted string (unterminated when group 7 is empty), operator, any other char.
const RE =
  /\s*((\d+(?:\.\d+)?(?:e[-+]?\d+)?)(\w*)|([a-z_]\w*)|(["'])((?:\\[^]|(?!\5)[^\\])*)(\5?)|(\?\?|\|\||&&|[=!<>]=|[-+*/%!<>?:.,()[\]])|\S)/iy;
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
const WORDS: Record<string, [Token['t'], unknown]> = {
  true: ['l', true],
  false: ['l', false],
  null: ['l', null],
  and: ['o', '&&'],
  or: ['o', '||'],
  not: ['o', '!'],
  in: ['o', 'in'],
};

/** Splits `src` into tokens, pushing every lexical error (`col N: ...`) onto `errors`. */
export function tokenize(src: string, errors: string[]): Token[] {
  const out: Token[] = [];
  let m: RegExpExecArray | null;
  RE.lastIndex = 0;
  while ((m = RE.exec(src))) {
    const [, tok = '', num, junk, w, quote, body = '', close, op] = m;
    const c = RE.lastIndex - tok.length + 1;
    const [t, v]: [Token['t']?, unknown?] = w
      ? Object.hasOwn(WORDS, w) ? (WORDS[w] as [Token['t'], unknown]) : ['n', w]
      : num && !junk && isFinite(+num) ? ['l', +num]
      : quote && close ? ['l', body.replace(/\\([^])/g, (_, x: string) => ESC[x] ?? x)]
      : op ? ['o', op]
      : [];
    if (t) out.push({ t, v, c, w });
    else errors.push(`col ${c}: ${quote ? 'unterminated string' : `unexpected "${tok}"`}`);
  }
  out.push({ t: 'e', v: '', c: src.length + 1 });
  return out;
}
