// Parsed expressions (plain JSON) turned into closures. The parser (Node, the editor) and the
// browser's public rule sets (which carry the parsed form, see prepare.ts) both end here, so an
// expression means the same wherever it runs.
import { conv, FUNCTIONS } from './functions.js';
import { BINARY, fin, get, isNum, truthy, type Fn } from './interpret.js';

/**
 * The parsed form of an expression, JSON so that a rule set can carry it:
 * - `number | boolean | null`: a literal; `['q', text]`: a string literal;
 * - `['$', name]`: a name of the scope (`lead`, `account`, `events`, `scores`, `vars`);
 * - `['.', value, key]`: a property or list index of a value (`key` is itself a node);
 * - `['[', ...items]`: a list; `['(', fn, ...args]`: a call of a function of the table;
 * - `['!', a]`, `['neg', a]`, `['?', cond, then, else]`, and `[op, left, right]` for the
 *   binary operators (`&&`, `||`, `??` and those of `BINARY`).
 */
export type Ast = number | boolean | null | string | Ast[];

/**
 * The closure of a parsed expression. Throws on a node it does not know (a rule set that was
 * not prepared by this version of Sluice): building the rule set reports it.
 */
export function link(n: Ast): Fn {
  if (!Array.isArray(n)) {
    if (n === null || isNum(n) || typeof n == 'boolean') return () => n;
    throw Error(`not an expression: ${JSON.stringify(n)}`);
  }
  const [op, x, y, z] = n;
  if (op == 'q' || op == '$') {
    if (typeof x != 'string') throw Error(`${op} needs a string`);
    return op == 'q' ? () => x : (s) => get(s, x);
  }
  if (op == '(') return call(x as string, n.slice(2));
  if (op == '[') {
    const items = n.slice(1).map(link);
    return (s, c) => items.map((f) => f(s, c));
  }
  const a = link(x!);
  if (op == '!') return (s, c) => !truthy(a(s, c));
  if (op == 'neg')
    return (s, c) => {
      const v = a(s, c);
      return isNum(v) ? fin(-v) : null;
    };
  const b = link(y!);
  if (op == '.') return (s, c) => get(a(s, c), b(s, c));
  if (op == '?') {
    const e = link(z!);
    return (s, c) => (truthy(a(s, c)) ? b(s, c) : e(s, c));
  }
  if (op == '&&') return (s, c) => truthy(a(s, c)) && truthy(b(s, c));
  if (op == '||') return (s, c) => truthy(a(s, c)) || truthy(b(s, c));
  if (op == '??') return (s, c) => a(s, c) ?? b(s, c);
  // Own entries only (get() refuses functions): an op from a rule set never reaches a prototype.
  const f = Object.hasOwn(BINARY, op as string) ? BINARY[op as string] : null;
  if (!f) throw Error(`unknown operator ${String(op)}`);
  return (s, c) => f(a(s, c), b(s, c));
}

/** A call of a function of the table, its arguments read as the types it declares. */
function call(name: string, args: Ast[]): Fn {
  const def = get(FUNCTIONS, name) as (typeof FUNCTIONS)[string] | null;
  if (!def) throw Error(`unknown function ${name}`);
  const [types, impl] = def;
  const ty = types.replace(/[?+]/g, '');
  const fs = args.map(link);
  return (s, c) => {
    const a = fs.map((f, k) => conv(ty[k], f(s, c)));
    // An upper-case type (N, S, D) given a value it cannot read: the result is null.
    return a.some((v, k) => v == null && (ty[k] as string) < 'a') ? null : fin(impl(a, c));
  };
}

/**
 * Runs a linked expression totally: the language cannot throw, but lead data can hold anything
 * (cycles, getters), so a failure gives null.
 */
export const total =
  (f: Fn): Fn =>
  (s, c) => {
    try {
      return fin(f(s, c));
    } catch {
      return null;
    }
  };
