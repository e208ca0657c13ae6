// Hostile variants of real flows for the fuzz test: one or a few mutations of an example flow,
// each planting what a careless or malicious author could send (deep nesting, huge strings,
// reserved names, numbers beyond a score, wrong types, unknown kinds, backtracking bait).
import type { prng } from '../differential/generate.js';

type Rng = ReturnType<typeof prng>;
type Json = unknown;

const RESERVED = ['__proto__', 'constructor', 'prototype'];
const KINDS = ['start', 'gate', 'score', 'table', 'checklist', 'set', 'outcome', 'gaet', '', 'toString'];

function nested(r: Rng, depth: number): Json {
  const leaf = { fact: 'lead', path: '$.title', operator: 'equal', value: 'VP' };
  let v: Json = r.chance(0.5) ? leaf : [];
  const wrap = r.pick(['not', 'all', 'array', 'obj']);
  for (let i = 0; i < depth; i++) v = wrap === 'not' ? { not: v } : wrap === 'all' ? { all: [v] } : wrap === 'array' ? [v] : { a: v };
  return v;
}

/** One hostile value: what replaces a value somewhere in the flow. */
export function hostileValue(r: Rng): Json {
  switch (r.int(12)) {
    case 0:
      return nested(r, r.pick([65, 200, 3000, 20_000]));
    case 1:
      return r.pick(['a', 'x-', '{', 'é']).repeat(r.pick([201, 5000, 100_001, 400_000]));
    case 2:
      return r.pick(RESERVED);
    case 3:
      return r.pick([1e15 + 2, -1e16, 1e300, -Number.MAX_VALUE, 2 ** 53 + 1, 1e-320, -0]);
    case 4:
      return r.pick([null, true, false, 0, '', [], {}, [null], { '': 1 }]);
    case 5:
      return r.pick(KINDS);
    case 6:
      // Backtracking bait for any pattern that checks paths, names or regexes.
      return r.pick([`${'a'.repeat(40)}!`, `$${'.a'.repeat(120)}!`, `${'(a+)+'.repeat(3)}$`, `lead${'.a'.repeat(90)}.`]);
    case 7:
      return { fact: r.pick(['lead', 'account', 'scores', 'vars', 'events', '__proto__']), path: r.pick(['$.x', '$.constructor', '$.__proto__.polluted', '$[99999999999]']), operator: r.pick(['equal', 'in', 'some', 'count', 'matches', 'before']), value: r.pick([1, [], {}, { fact: 'lead', path: '$.constructor' }, '(a|a)*$', { where: {} }]) };
    case 8:
      return Object.defineProperty({}, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    case 9:
      return Array.from({ length: r.pick([0, 1, 1000, 20_000]) }, () => ({ label: 'x', points: 1, when: { fact: 'lead', operator: 'exists', value: true } }));
    case 10:
      return { [r.pick(RESERVED)]: r.pick([1, 'x', {}]), months: 1e9, days: -1 };
    default:
      return r.pick(['NaN', 'Infinity', '\u0000', '\ud800', '1e999', '2026-02-30T00:00:00Z']);
  }
}

/** Every [parent, key] in a document, so a mutation can land anywhere. */
function places(doc: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  // Not into what an earlier mutation planted (it may be thousands deep or long).
  const walk = (v: Json, depth: number) => {
    if (depth > 24) return;
    if (Array.isArray(v) && v.length < 500) v.forEach((x, i) => (out.push([v, i]), walk(x, depth + 1)));
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const k of Object.keys(v)) out.push([v as Record<string, Json>, k]), walk((v as Record<string, Json>)[k], depth + 1);
    }
  };
  walk(doc, 0);
  return out;
}

/** A copy of `flow` with 1 to 3 hostile mutations: a value replaced, a key removed, a key added. */
export function mutate(r: Rng, flow: Json): Json {
  const doc = structuredClone(flow);
  for (let n = 1 + r.int(3); n > 0; n--) {
    const all = places(doc);
    const [parent, key] = r.pick(all);
    const what = r.next();
    if (what < 0.7) (parent as Record<string, Json>)[key] = hostileValue(r);
    else if (what < 0.85 && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key];
    else if (!Array.isArray(parent)) Object.defineProperty(parent, r.pick([...RESERVED, 'extra', 'value', 'fact']), { value: hostileValue(r), enumerable: true, writable: true, configurable: true });
    else parent.push(hostileValue(r));
  }
  return doc;
}
