// The `matches` operator runs patterns from rule authors on text from strangers (form fields,
// landing-page visitors). Browsers' regex engines backtrack, so a pattern is only accepted
// when its worst case on MAX_INPUT characters stays small: no backreferences or lookaround,
// no repeated group that itself repeats or branches, and a bounded amount of branching overall.

/** Longest accepted pattern. */
export const MAX_PATTERN = 200;
/** Only this many leading characters of a value are tested. */
export const MAX_INPUT = 1000;
// Worst-case paths per start position: each quantifier multiplies by its number of choices
// (MAX_INPUT for * + {n,}), each group by its alternatives. 1e6 allows `.*a.*b` and
// `[^@]+@[^@]+\.edu` but not `.*.*.*x`, which takes tens of seconds on 1000 characters.
const BUDGET = 1e6;

const QUANT = /[*+?]|\{(\d+)(,(\d*))?\}/y;

interface Group { repeats: boolean; alts: number }

/**
 * Why `pattern` is outside the safe subset, or `undefined` when it may be used.
 *
 * @example
 * regexProblem('^(vp|chief)\\b', 'i'); // undefined
 * regexProblem('(a+)+$');             // 'repeats a group that itself repeats or has alternatives'
 */
export function regexProblem(pattern: unknown, flags: unknown = ''): string | undefined {
  if (typeof pattern !== 'string') return 'must be a string (a regular expression)';
  if (pattern.length > MAX_PATTERN) return `is longer than ${MAX_PATTERN} characters`;
  if (flags !== '' && flags !== 'i') return 'flags may only be "i"';
  try {
    new RegExp(pattern, flags);
  } catch {
    return 'is not a valid regular expression';
  }
  const stack: Group[] = [{ repeats: false, alts: 1 }];
  let cost = 1;
  let closed: Group | undefined; // the group just closed, when it is the atom a quantifier follows
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    QUANT.lastIndex = i;
    const q = QUANT.exec(pattern);
    if (q) {
      // The constructor accepted the pattern, so this quantifier follows an atom.
      const min = q[1] === undefined ? (c === '+' ? 1 : 0) : +q[1];
      const max = c === '?' ? 1 : q[1] === undefined ? Infinity : q[2] === undefined ? min : q[3] ? +q[3] : Infinity;
      i = QUANT.lastIndex - 1;
      if (pattern[i + 1] === '?') i++; // lazy: same choices, other order
      if (max > 1 && closed && (closed.repeats || closed.alts > 1)) {
        return 'repeats a group that itself repeats or has alternatives, like (a+)+ or (a|b)*';
      }
      if (max > min) {
        cost *= max === Infinity ? MAX_INPUT : max - min + 1;
        top.repeats = true;
      }
      closed = undefined;
      continue;
    }
    closed = undefined;
    if (c === '\\') {
      if (/[1-9]/.test(pattern[++i] ?? '')) return 'uses a backreference';
    } else if (c === '[') {
      // Inside a class nothing quantifies; skip to its unescaped end.
      while (pattern[++i] !== ']') if (pattern[i] === '\\') i++;
    } else if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') return 'uses lookaround or a named group; only (…) and (?:…) are allowed';
        i += 2;
      }
      stack.push({ repeats: false, alts: 1 });
    } else if (c === ')') {
      closed = stack.pop()!;
      cost *= closed.alts;
      if (closed.repeats) stack[stack.length - 1]!.repeats = true;
    } else if (c === '|') top.alts++;
  }
  cost *= stack[0]!.alts;
  return cost > BUDGET ? 'can take too long on a long value: use fewer *, + and {n,m} (at most two unbounded)' : undefined;
}

/**
 * The RegExp for a safe pattern, or `undefined` when `regexProblem` objects.
 *
 * @example
 * safeRegExp('@(gmail|yahoo)\\.com$', 'i')?.test('Ann@Gmail.com'); // true
 */
export function safeRegExp(pattern: unknown, flags: unknown = ''): RegExp | undefined {
  return regexProblem(pattern, flags) === undefined ? new RegExp(pattern as string, flags as string) : undefined;
}
