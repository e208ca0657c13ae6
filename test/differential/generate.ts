// Random conditions and facts for the differential test against json-rules-engine. Seeded and
// self-contained, so a failing case can be reproduced from its seed and index.

/** mulberry32: a tiny, good-enough PRNG; deterministic for a seed. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

export const STANDARD = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain'] as const;
const FACTS = ['lead', 'account', 'scores', 'vars', 'events', 'x'];
// Keys of generated objects. `toString`/`valueOf` are left out: as own data they make JS's `<`
// throw, and json-rules-engine with it (our predicate says false; covered by unit tests).
const KEYS = ['a', 'b', 'name', 'tags', 'n', 's', 'x-y', '$a', '_k', 'length', 'constructor', '0', '1'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty'];
const SCALARS: unknown[] = [0, 1, 2, 3, 5, 10, -1, 2.5, 100, '', '0', '1', '2', '10', ' 12', '3.5abc', 'abc', 'VP', 'vp', '1e3', '0x10', 'Infinity', true, false, null];

function scalar(r: Rng): unknown {
  return r.chance(0.85) ? r.pick(SCALARS) : r.pick([NaN, Infinity, -Infinity, -0, r.int(1000), `s${r.int(5)}`]);
}

function value(r: Rng, depth: number): unknown {
  const k = r.next();
  if (depth >= 3 || k < 0.45) return scalar(r);
  if (k < 0.7) return Array.from({ length: r.int(5) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(5); i > 0; i--) o[r.pick(KEYS)] = value(r, depth + 1);
  // An own `__proto__` is plain data (as JSON.parse makes it), never the prototype.
  if (r.chance(0.05)) Object.defineProperty(o, '__proto__', { value: value(r, depth + 1), enumerable: true, writable: true, configurable: true });
  return o;
}

export function facts(r: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FACTS) if (r.chance(0.8)) out[f] = r.chance(0.8) ? { ...(value(r, 1) as object), ...objectOf(r) } : value(r, 0);
  // `in`/`notIn` with a fact reference need an array or string there (json-rules-engine calls indexOf).
  out.list = r.chance(0.8) ? Array.from({ length: r.int(6) }, () => scalar(r)) : String(r.pick(SCALARS));
  return out;
}
function objectOf(r: Rng) {
  const o: Record<string, unknown> = {};
  for (let i = 1 + r.int(4); i > 0; i--) o[r.pick(KEYS)] = value(r, 1);
  return o;
}

// A path that exists in `v` (often), or a made-up one; spelt in the forms parsePath accepts.
function path(r: Rng, v: unknown): string | undefined {
  if (r.chance(0.15)) return undefined;
  const segs: (string | number)[] = [];
  let cur = v;
  for (let d = 0; d < 4 && r.chance(0.75); d++) {
    const keys = cur && typeof cur === 'object' ? Object.keys(cur) : typeof cur === 'string' ? ['length', '0'] : [];
    let s: string | number;
    if (keys.length && r.chance(0.75)) s = r.pick(keys);
    else s = r.chance(0.2) ? r.pick(PROTO_KEYS) : r.chance(0.3) ? r.int(4) : r.pick(KEYS);
    if (typeof s === 'string' && /^\d+$/.test(s)) s = Number(s);
    segs.push(s);
    cur = cur && typeof cur === 'object' && Object.hasOwn(cur, s) ? (cur as Record<string, unknown>)[s] : undefined;
  }
  if (segs.length === 0) return r.pick(['$', '', undefined]);
  const tail = segs.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  const first = segs[0];
  // Bare form (`a.b`) sometimes; json-rules-engine's path cache is a plain object, so a bare
  // path named like an Object.prototype member (`constructor`) makes it throw: not generated.
  if (typeof first === 'string' && !first.startsWith('$') && r.chance(0.3) && !(tail.slice(1) in {})) return tail.slice(1);
  return `$${tail}`;
}

function ref(r: Rng, f: Record<string, unknown>, onlyList: boolean): Record<string, unknown> {
  if (onlyList) return { fact: 'list' };
  const fact = r.pick([...FACTS, 'list', 'missing']);
  const p = path(r, f[fact]);
  return p === undefined ? { fact } : { fact, path: p };
}

function leaf(r: Rng, f: Record<string, unknown>): Record<string, unknown> {
  const fact = r.chance(0.93) ? r.pick(FACTS) : r.pick(['missing', 'list']);
  const p = path(r, f[fact]);
  const operator = r.pick(STANDARD);
  let v: unknown;
  if (r.chance(0.12)) v = ref(r, f, operator === 'in' || operator === 'notIn');
  else if (operator === 'in' || operator === 'notIn') v = Array.from({ length: r.int(5) }, () => scalar(r));
  else if (operator.includes('Than')) v = r.chance(0.7) ? r.pick([0, 1, 2, 3, 5, 10, -1, 2.5, 100]) : r.pick(['5', '10', 'abc', '', '2', 'b']);
  else v = r.pick(SCALARS);
  const c: Record<string, unknown> = { fact, operator, value: v };
  if (p !== undefined) c.path = p;
  if (r.chance(0.05)) c.priority = 1 + r.int(5);
  return c;
}

/** A random condition over `f`: all/any/not nested up to `depth`, standard operators at the leaves. */
export function condition(r: Rng, f: Record<string, unknown>, depth = 3): Record<string, unknown> {
  const k = r.next();
  if (depth === 0 || k < 0.4) return leaf(r, f);
  if (k < 0.55) return { not: condition(r, f, depth - 1) };
  const group = k < 0.8 ? 'all' : 'any';
  const c: Record<string, unknown> = { [group]: Array.from({ length: r.int(4) }, () => condition(r, f, depth - 1)) };
  if (r.chance(0.1)) c.priority = 1 + r.int(3);
  return c;
}
