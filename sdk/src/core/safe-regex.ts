// The `matches` operator runs patterns from rule authors on text from strangers (form fields,
// landing-page visitors). Browsers' regex engines backtrack, so a pattern is only accepted
// when its worst case on MAX_INPUT characters stays small: no backreferences or lookaround,
// no repeated group that itself repeats or branches, and a bounded amount of branching overall
// (a repeat with a forced end, like \w+@, adds work instead of multiplying it).

/** Longest accepted pattern. */
export const MAX_PATTERN = 200;
/** Only this many leading characters of a value are tested. */
export const MAX_INPUT = 1000;
// Worst-case paths per start position: each quantifier multiplies by its number of choices
// (MAX_INPUT for * + {n,}), each group by its alternatives. 1e6 allows `.*a.*b` and
// `[^@]+@[^@]+\.edu` but not `.*.*.*x`, which takes tens of seconds on 1000 characters.
const BUDGET = 1e6;

const QUANT = /[*+?]|\{(\d+)(,(\d*))?\}/y;
// One character: a class, `.`, a class escape or an escaped punctuation mark, a plain character.
const CHAR = /\[(?:\\[^]|[^\]\\])*\]|\\[wWdDsS]|\\[^\w]|\.|[^\\^$|()[\]{}*+?]/y;

/** The single-character atom at `i`, as source, or undefined. */
function charAt(pattern: string, i: number): string | undefined {
  CHAR.lastIndex = i;
  return CHAR.exec(pattern)?.[0];
}

let allUnits: string | undefined;
/**
 * Whether no character matches both atoms: then a repeat of the first that must be followed by
 * the second has one way to end, and backtracking into it fails at once (`\w+@`, `[a-z]+\d`).
 * Asked of the regex engine itself, over every UTF-16 code unit, with the pattern's flags.
 */
function disjoint(a: string, b: string, flags: string): boolean {
  if (allUnits === undefined) {
    // In chunks: some engines cap the number of arguments of a call.
    let t = '';
    for (let k = 0; k < 0x10000; k += 0x1000) t += String.fromCharCode(...Array.from({ length: 0x1000 }, (_, j) => k + j));
    allUnits = t;
  }
  return !new RegExp(`(?=${a})${b}`, flags).test(allUnits);
}

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
  let atom: string | undefined; // the single-character atom just read, when a quantifier may follow
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
        // A repeat of one character that must be followed by a character it cannot match ends
        // in one place: it adds work, it does not multiply it.
        const next = i + 1;
        const b = max === Infinity && atom !== undefined ? charAt(pattern, next) : undefined;
        QUANT.lastIndex = next + (b?.length ?? 0);
        const bQuant = b === undefined ? null : QUANT.exec(pattern);
        const bOptional = bQuant !== null && (bQuant[0] === '?' || bQuant[0] === '*' || bQuant[1] === '0');
        const forced = b !== undefined && !bOptional && disjoint(atom!, b, flags as string);
        cost *= forced ? 2 : max === Infinity ? MAX_INPUT : max - min + 1;
        top.repeats = true;
      }
      closed = undefined;
      atom = undefined;
      continue;
    }
    closed = undefined;
    atom = charAt(pattern, i);
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
  return cost > BUDGET ? 'can take too long on a long value: use fewer *, + and {n,m} (at most two unbounded, besides repeats that end at a character they cannot match, like \\w+@)' : undefined;
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
