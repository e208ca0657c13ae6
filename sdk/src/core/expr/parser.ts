// Pratt parser that builds closures directly: no AST is kept, and running an expression is
// calling one closure. Syntax errors stop at the first one (a thrown STOP); name, arity and
// refusal errors are collected and parsing goes on, so one pass reports them all.
import { conv, FUNCTIONS } from './functions.js';
import { BINARY, fin, forbidden, get, isNum, isStr, truthy, type Fn } from './interpret.js';
import { tokenize, type Token } from './lexer.js';

export const MAX_LENGTH = 2000;
export const MAX_DEPTH = 64;

const STOP = {};

/**
 * Compiles `src` into a closure. Errors (`col N: message`) go to `errors`, the dotted scope
 * paths read go to `refs`. The closure means nothing when `errors` is not empty.
 */
export function parse(src: string, errors: string[], refs: Set<string>): Fn {
  if (typeof src != 'string' || src.length > MAX_LENGTH) errors.push(`not a string of at most ${MAX_LENGTH} characters`);
  const toks = errors.length ? [] : tokenize(src, errors);
  // After a lexical error the parser would only trip over the hole it leaves.
  if (errors.length) return fin;
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
  const list = (close: string): Fn[] => {
    const out: Fn[] = [];
    if (!eat(close)) {
      do out.push(expr(0));
      while (eat(','));
      expect(close);
    }
    return out;
  };

  function expr(min: number): Fn {
    if (++depth > MAX_DEPTH) fail(peek(), `nesting deeper than ${MAX_DEPTH}`);
    const t = toks[i++] as Token;
    const o = op(t);
    let left: Fn;
    // The scope path this primary reads, while it is still a plain path.
    let path = '';
    // `!` binds looser than comparisons, so only where a level-4 operand may start
    // (`a && !b`, not `a == !b`, which would read as `a == !(b ...)`).
    if (o == '!' && min <= 4) {
      const a = expr(4);
      left = (s, c) => !truthy(a(s, c));
    } else if (o == '-') {
      const a = expr(10);
      left = (s, c) => {
        const v = a(s, c);
        return isNum(v) ? fin(-v) : null;
      };
    } else if (o == '(') {
      left = expr(0);
      expect(')');
    } else if (o == '[') {
      const items = list(']');
      left = (s, c) => items.map((f) => f(s, c));
    } else if (t.t == 'l') left = () => t.v;
    else if (t.t == 'n' && eat('(')) left = call(t, list(')'));
    else if (t.t == 'n') {
      refuse(t, t.v);
      path = t.v as string;
      left = (s) => get(s, t.v);
    } else return unexpected(t);

    // Postfix: .name and [index]
    for (;;) {
      const obj = left;
      let key: Fn;
      if (eat('.')) {
        const k = toks[i++] as Token;
        if (!k.w) fail(k, 'expected a name');
        key = () => k.w;
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
      left = (s, c) => get(obj(s, c), key(s, c));
    }
    if (path) refs.add(path);

    // Binary operators, by precedence climbing
    for (;;) {
      const o = op(peek());
      const b = get(BINARY, o) as (typeof BINARY)[string] | null;
      if (!b || b[0] < min) break;
      i++;
      const [p, f] = b;
      const l = left;
      if (o == '?') {
        const a = expr(0);
        expect(':');
        const r = expr(1);
        left = (s, c) => (truthy(l(s, c)) ? a(s, c) : r(s, c));
      } else {
        const r = expr(p + 1);
        left =
          o == '&&'
            ? (s, c) => truthy(l(s, c)) && truthy(r(s, c))
            : o == '||'
              ? (s, c) => truthy(l(s, c)) || truthy(r(s, c))
              : o == '??'
                ? (s, c) => l(s, c) ?? r(s, c)
                : (s, c) => f!(l(s, c), r(s, c));
      }
    }
    depth--;
    return left;
  }

  /** A call of a function of the table, its arguments read as the types it declares. */
  function call(t: Token, args: Fn[]): Fn {
    const def = get(FUNCTIONS, t.v) as (typeof FUNCTIONS)[string] | null;
    if (!def) {
      errors.push(`col ${t.c}: unknown function "${t.v}"; known: ${Object.keys(FUNCTIONS).join(', ')}`);
      return fin;
    }
    const [types, impl] = def;
    const ty = types.replace(/[?+]/g, '');
    const lo = types.replace(/.\?|\+/g, '').length;
    const hi = types.includes('+') ? 1e9 : ty.length;
    const n = lo == hi ? `${lo}` : hi > 99 ? `at least ${lo}` : `${lo} to ${hi}`;
    if (args.length < lo || args.length > hi)
      errors.push(`col ${t.c}: ${t.v} takes ${n} argument${n.endsWith('1') ? '' : 's'}, got ${args.length}`);
    return (s, c) => {
      const a = args.map((f, k) => conv(ty[k], f(s, c)));
      // An upper-case type (N, S, D) given a value it cannot read: the result is null.
      return a.some((v, k) => v == null && (ty[k] as string) < 'a') ? null : fin(impl(a, c));
    };
  }

  try {
    const f = expr(0);
    if (peek().t != 'e') unexpected(peek());
    return f;
  } catch (e) {
    if (e !== STOP) throw e;
    return fin;
  }
}
