// Pratt parser from source text to the parsed form (link.ts). Syntax errors stop at the first one
// (a thrown STOP); name, arity and refusal errors are collected and parsing goes on, so one pass
// reports them all. Only Node and the editor ship it: browsers receive the parsed form.
import { FUNCTIONS } from './functions.js';
import { forbidden, get, isStr } from './interpret.js';
import { tokenize, type Token } from './lexer.js';
import type { Ast } from './link.js';

export const MAX_LENGTH = 2000;
export const MAX_DEPTH = 64;

/**
 * Binary operators and their precedence (higher binds tighter); 4 is prefix ! / not, 10 prefix
 * -. Every one but `?`, `||`, `&&`, `??` has its function in BINARY (interpret.ts).
 */
export const PRECEDENCE: Record<string, number> = {
  '?': 1,
  '||': 2,
  '&&': 3,
  '==': 5,
  '!=': 5,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  in: 6,
  '??': 7,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '%': 9,
};

const STOP = {};

/**
 * Parses `src`. Errors (`col N: message`) go to `errors`, the dotted scope paths read go to
 * `refs`. The result means nothing when `errors` is not empty.
 */
export function parse(src: string, errors: string[], refs: Set<string>): Ast {
  if (typeof src != 'string' || src.length > MAX_LENGTH) errors.push(`not a string of at most ${MAX_LENGTH} characters`);
  const toks = errors.length ? [] : tokenize(src, errors);
  // After a lexical error the parser would only trip over the hole it leaves.
  if (errors.length) return null;
  let i = 0;
  // The whole expression is depth 0: MAX_DEPTH levels of nesting below it are fine.
  let depth = -1;
  const peek = () => toks[i] as Token;
  const fail = (t: Token, m: string): never => {
    errors.push(`col ${t.c}: ${m}`);
    throw STOP;
  };
  const unexpected = (t: Token) =>
    fail(t, t.t == 'e' ? 'unexpected end of expression' : `unexpected "${t.w ?? t.v}"`);
  const refuse = (t: Token, name: unknown) => forbidden(name) && errors.push(`col ${t.c}: "${name}" is not allowed`);
  const op = (t: Token) => t.t == 'o' && (t.v as string);
  const eat = (v: string) => op(peek()) == v && !!++i;
  const expect = (v: string) => eat(v) || fail(peek(), `expected "${v}"`);
  const list = (close: string): Ast[] => {
    const out: Ast[] = [];
    if (!eat(close)) {
      do out.push(expr(0));
      while (eat(','));
      expect(close);
    }
    return out;
  };

  function expr(min: number): Ast {
    if (++depth > MAX_DEPTH) fail(peek(), `nesting deeper than ${MAX_DEPTH}`);
    const t = toks[i++] as Token;
    const o = op(t);
    let left: Ast;
    // The scope path this primary reads, while it is still a plain path.
    let path = '';
    // `!` binds looser than comparisons, so only where a level-4 operand may start
    // (`a && !b`, not `a == !b`, which would read as `a == !(b ...)`).
    if (o == '!' && min <= 4) left = ['!', expr(4)];
    else if (o == '-') left = ['neg', expr(10)];
    else if (o == '(') {
      left = expr(0);
      expect(')');
    } else if (o == '[') left = ['[', ...list(']')];
    else if (t.t == 'l') left = isStr(t.v) ? ['q', t.v] : (t.v as Ast);
    else if (t.t == 'n' && eat('(')) left = call(t, list(')'));
    else if (t.t == 'n') {
      refuse(t, t.v);
      path = t.v as string;
      left = ['$', path];
    } else return unexpected(t);

    // Postfix: .name and [index]
    for (;;) {
      let key: Ast;
      if (eat('.')) {
        const k = toks[i++] as Token;
        if (!k.w) fail(k, 'expected a name');
        key = ['q', k.w!];
        refuse(k, k.w);
        if (path) path += '.' + k.w;
      } else if (eat('[')) {
        const k = peek();
        const from = i;
        key = expr(0);
        expect(']');
        // A literal index continues the path when the compiler's field references can say it.
        const v = i == from + 2 && k.t == 'l' ? k.v : null;
        if (isStr(v)) refuse(k, v);
        const seg =
          isStr(v) && /^[a-z_$][\w$-]*$/i.test(v) ? '.' + v : Number.isInteger(v) && (v as number) >= 0 ? `[${v}]` : '';
        if (path && seg) path += seg;
        else if (path) refs.add(path), (path = '');
      } else break;
      left = ['.', left, key];
    }
    if (path) refs.add(path);

    // Binary operators, by precedence climbing
    for (;;) {
      const o = op(peek());
      const b = get(PRECEDENCE, o) as number | null;
      if (!b || b < min) break;
      i++;
      if (o == '?') {
        const a = expr(0);
        expect(':');
        left = ['?', left, a, expr(1)];
      } else left = [o as string, left, expr(b + 1)];
    }
    depth--;
    return left;
  }

  /** A call of a function of the table, its arguments read as the types it declares. */
  function call(t: Token, args: Ast[]): Ast {
    const node: Ast = ['(', t.v as string, ...args];
    const def = get(FUNCTIONS, t.v) as (typeof FUNCTIONS)[string] | null;
    if (!def) {
      errors.push(`col ${t.c}: unknown function "${t.v}"; known: ${Object.keys(FUNCTIONS).join(', ')}`);
      return node;
    }
    const [types] = def;
    const ty = types.replace(/[?+]/g, '');
    const lo = types.replace(/.\?|\+/g, '').length;
    const hi = types.includes('+') ? 1e9 : ty.length;
    const n = lo == hi ? `${lo}` : hi > 99 ? `at least ${lo}` : `${lo} to ${hi}`;
    if (args.length < lo || args.length > hi)
      errors.push(`col ${t.c}: ${t.v} takes ${n} argument${n.endsWith('1') ? '' : 's'}, got ${args.length}`);
    return node;
  }

  try {
    const f = expr(0);
    if (peek().t != 'e') unexpected(peek());
    return f;
  } catch (e) {
    if (e !== STOP) throw e;
    return null;
  }
}
