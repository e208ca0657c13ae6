import type { Condition } from '@sluice/schemas';
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, isFactRef } from './condition.js';
import { conditionIssues, conditionRefs } from './condition-issues.js';
import { DAY_MS } from './dates.js';

// The generated LeafCondition type says `value` is an object; literals are values too.
const C = (c: unknown) => c as Condition;
const NOW = '2024-06-15T12:00:00Z';
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY_MS).toISOString();
const check = (c: unknown, facts: Record<string, unknown>) => checkCondition(C(c), facts, { now: NOW });
const lead = { title: 'VP Sales', employees: 120, tags: ['saas', 'eu'], company: { name: 'Acme', size: '250' }, email: null };
const leaf = (path: string, operator: string, value: unknown) => ({ fact: 'lead', path, operator, value });

describe('compileCondition: groups like json-rules-engine', () => {
  const t = leaf('$.title', 'equal', 'VP Sales');
  const f = leaf('$.title', 'equal', 'CEO');
  it('all / any / not', () => {
    expect(check({ all: [t, t] }, { lead })).toBe(true);
    expect(check({ all: [t, f] }, { lead })).toBe(false);
    expect(check({ any: [f, t] }, { lead })).toBe(true);
    expect(check({ any: [f, f] }, { lead })).toBe(false);
    expect(check({ not: f }, { lead })).toBe(true);
    expect(check({ not: { all: [t, { not: t }] } }, { lead })).toBe(true);
  });
  it('an empty all and an empty any both hold (json-rules-engine does so)', () => {
    expect(check({ all: [] }, {})).toBe(true);
    expect(check({ any: [] }, {})).toBe(true);
    expect(check({ not: { any: [] } }, {})).toBe(false);
  });
  it('a leaf may stand alone at the root', () => {
    expect(check(t, { lead })).toBe(true);
  });
});

describe('facts and paths', () => {
  it('reads facts by own property only; a missing fact is undefined', () => {
    expect(check({ fact: 'lead', operator: 'exists', value: false }, {})).toBe(true);
    expect(check({ fact: 'toString', operator: 'exists', value: true }, {})).toBe(false);
    expect(check({ fact: 'constructor', operator: 'exists', value: true }, { lead })).toBe(false);
    expect(check({ fact: 'lead', operator: 'exists', value: true }, Object.assign(Object.create(null), { lead }))).toBe(true);
  });
  it('follows paths, indexes, length', () => {
    expect(check(leaf('$.company.name', 'equal', 'Acme'), { lead })).toBe(true);
    expect(check(leaf('company.name', 'equal', 'Acme'), { lead })).toBe(true);
    expect(check(leaf('$.tags[1]', 'equal', 'eu'), { lead })).toBe(true);
    expect(check(leaf('$.tags.length', 'equal', 2), { lead })).toBe(true);
    expect(check(leaf('$.tags[5]', 'equal', null), { lead })).toBe(false); // undefined is not null
    expect(check(leaf('$.tags[5]', 'exists', false), { lead })).toBe(true);
  });
  it('a path on a fact that is not an object gives the fact itself (json-rules-engine)', () => {
    expect(check({ fact: 'n', path: '$.a.b', operator: 'equal', value: 5 }, { n: 5 })).toBe(true);
    expect(check({ fact: 's', path: '$.length', operator: 'equal', value: 'abc' }, { s: 'abc' })).toBe(true);
    expect(check({ fact: 'z', path: '$.a', operator: 'exists', value: false }, { z: null })).toBe(true);
  });
  it('never reads a prototype', () => {
    expect(check(leaf('$.__proto__.polluted', 'exists', false), { lead: {} })).toBe(true);
    expect(check(leaf('$.__proto__', 'exists', false), { lead: {} })).toBe(true);
    expect(check(leaf('$.constructor', 'exists', false), { lead: {} })).toBe(true);
    expect(check(leaf('$.constructor.prototype', 'exists', false), { lead: {} })).toBe(true);
    expect(check(leaf('$.tags.map', 'exists', false), { lead })).toBe(true);
    expect(check(leaf('$.title.toUpperCase', 'exists', false), { lead })).toBe(true);
    // Own keys with those names are data.
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x"}') as unknown;
    expect(check(leaf('$.__proto__.polluted', 'equal', 1), { lead: parsed })).toBe(true);
    expect(check(leaf('$.constructor', 'equal', 'x'), { lead: parsed })).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('value may name another fact: { fact, path? }', () => {
    const c = leaf('$.employees', 'greaterThan', { fact: 'account', path: '$.minEmployees' });
    expect(check(c, { lead, account: { minEmployees: 100 } })).toBe(true);
    expect(check(c, { lead, account: { minEmployees: 500 } })).toBe(false);
    expect(check(c, { lead })).toBe(false);
    expect(check(leaf('$.title', 'in', { fact: 'titles' }), { lead, titles: ['VP Sales'] })).toBe(true);
    expect(check(leaf('$.title', 'in', { fact: 'titles' }), { lead, titles: 7 })).toBe(false);
    expect(check(leaf('$.title', 'notIn', { fact: 'titles' }), { lead })).toBe(false);
    expect(check(leaf('$.since', 'before', { fact: 'cutoff' }), { lead: { since: '2024-01-01' }, cutoff: '2024-02-01' })).toBe(true);
  });
});

describe('some / every', () => {
  const events = [
    { type: 'page_view', at: ago(1), props: { url: '/pricing' } },
    { type: 'email_click', at: ago(40) },
  ];
  const where = { fact: 'type', operator: 'equal', value: 'page_view' };
  it('evaluate the item condition with each item as the facts', () => {
    expect(check({ fact: 'events', operator: 'some', value: where }, { events })).toBe(true);
    expect(check({ fact: 'events', operator: 'every', value: where }, { events })).toBe(false);
    expect(check({ fact: 'events', operator: 'some', value: { fact: 'props', path: '$.url', operator: 'startsWith', value: '/pri' } }, { events })).toBe(true);
    expect(check({ fact: 'events', operator: 'every', value: { fact: 'at', operator: 'withinLastDays', value: 60 } }, { events })).toBe(true);
  });
  it('every on [] holds, some on [] does not; a non-list is false for both', () => {
    expect(check({ fact: 'events', operator: 'every', value: where }, { events: [] })).toBe(true);
    expect(check({ fact: 'events', operator: 'some', value: where }, { events: [] })).toBe(false);
    for (const v of [undefined, null, 'x', 5, { 0: events[0] }]) {
      expect(check({ fact: 'events', operator: 'every', value: where }, { events: v })).toBe(false);
      expect(check({ fact: 'events', operator: 'some', value: where }, { events: v })).toBe(false);
    }
  });
  it('items that are not objects have no facts', () => {
    const c = { fact: 'tags', operator: 'some', value: { fact: 'length', operator: 'exists', value: true } };
    expect(check(c, { tags: ['abc', 5, null] })).toBe(false);
  });
  it('nest, with now flowing down', () => {
    const contacts = [{ events: [{ type: 'demo_request', at: ago(2) }] }, { events: [] }];
    const c = { fact: 'contacts', operator: 'some', value: { fact: 'events', operator: 'some', value: { fact: 'at', operator: 'withinLastDays', value: 7 } } };
    expect(check(c, { contacts })).toBe(true);
    expect(checkCondition(C(c), { contacts }, { now: '2030-01-01' })).toBe(false);
  });
});

describe('count / distinctCount', () => {
  const ev = (type: string, days: number, persona?: string) => ({ type, at: ago(days), props: { persona } });
  const events = [ev('pricing_view', 1, 'cfo'), ev('pricing_view', 10, 'cto'), ev('pricing_view', 45, 'cfo'), ev('page_view', 2, 'ceo'), ev('pricing_view', -3, 'cmo')];
  const pricing = { fact: 'type', operator: 'equal', value: 'pricing_view' };
  const count = (value: object) => check({ fact: 'events', operator: 'count', value }, { events });
  it('counts matching items, all without where', () => {
    expect(count({ where: pricing, min: 4, max: 4 })).toBe(true);
    expect(count({ min: 5, max: 5 })).toBe(true);
    expect(count({ where: pricing, min: 5 })).toBe(false);
    expect(count({ where: pricing, max: 3 })).toBe(false);
    expect(count({})).toBe(true);
  });
  it('withinDays keeps items dated in [now − N days, now], by dateField', () => {
    expect(count({ where: pricing, withinDays: 30, min: 2, max: 2 })).toBe(true); // not 45 days ago, not in 3 days
    expect(count({ withinDays: 0, max: 0 })).toBe(true);
    const dated = [{ on: ago(1) }, { on: 'someday' }, {}];
    expect(check({ fact: 'd', operator: 'count', value: { withinDays: 5, dateField: 'on', min: 1, max: 1 } }, { d: dated })).toBe(true);
    expect(check({ fact: 'd', operator: 'count', value: { withinDays: 5, dateField: 'x.on', min: 1 } }, { d: [{ x: { on: ago(1) } }] })).toBe(true);
  });
  it('a missing list counts 0 items; something else is false', () => {
    expect(check({ fact: 'events', operator: 'count', value: { max: 0 } }, {})).toBe(true);
    expect(check({ fact: 'events', operator: 'count', value: { max: 0 } }, { events: null })).toBe(true);
    expect(check({ fact: 'events', operator: 'count', value: { max: 0 } }, { events: 'x' })).toBe(false);
    expect(check({ fact: 'events', operator: 'count', value: { max: 5 } }, { events: { length: 2 } })).toBe(false);
  });
  it('distinctCount counts distinct values of field, not undefined or null', () => {
    const dc = (value: object) => check({ fact: 'events', operator: 'distinctCount', value }, { events });
    expect(dc({ field: 'props.persona', min: 4, max: 4 })).toBe(true);
    expect(dc({ field: 'props.persona', where: pricing, min: 3, max: 3 })).toBe(true);
    expect(dc({ field: 'type', min: 2, max: 2 })).toBe(true);
    const people = [{ p: 'a' }, { p: null }, {}, { p: 'a' }, { p: 1 }, { p: '1' }];
    expect(check({ fact: 'x', operator: 'distinctCount', value: { field: 'p', min: 3, max: 3 } }, { x: people })).toBe(true);
    expect(check({ fact: 'x', operator: 'distinctCount', value: { field: '$', min: 2, max: 2 } }, { x: ['a', 'b', 'a'] })).toBe(true);
  });
});

describe('the predicate never throws', () => {
  const bare = Object.create(null) as Record<string, unknown>;
  bare.a = 1;
  const hostile: unknown[] = [
    bare, { toString: 'x', valueOf: 'y' }, { __proto__: null }, NaN, -0, Infinity, '', '12abc', ' 7 ', [], [[[]]], [bare],
    { a: { b: null } }, null, undefined, 10n, Symbol('s'), new Array(100_000).fill({ type: 'x' }), 'x'.repeat(100_000),
    JSON.parse('{"__proto__": {"a": 1}, "constructor": {"prototype": 1}}'),
  ];
  const ops = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains',
    'doesNotContain', 'before', 'after', 'withinLastDays', 'notWithinLastDays', 'matches', 'startsWith', 'endsWith', 'exists'];
  const values: Record<string, unknown> = { in: [1, 'a'], notIn: [1, 'a'], before: '2024-01-01', after: '2024-01-01', withinLastDays: 3,
    notWithinLastDays: 3, matches: '^a', startsWith: 'a', endsWith: 'a', exists: true };
  it('on hostile facts, for every operator and path', () => {
    for (const operator of ops) {
      for (const path of [undefined, '$.a', '$.a.b', '$[0]', '$.__proto__.a', '$.constructor.prototype', '$.length']) {
        const value = values[operator] ?? 5;
        const conds = [{ fact: 'f', path, operator, value }, { fact: 'f', path, operator, value: { fact: 'f', path } }];
        for (const c of conds) {
          const p = compileCondition(C({ not: c }));
          for (const f of hostile) expect(typeof p({ f }, { nowMs: Date.parse(NOW) })).toBe('boolean');
        }
      }
    }
    for (const operator of ['some', 'every', 'count', 'distinctCount']) {
      const value = operator === 'some' || operator === 'every' ? { fact: 'a', operator: 'lessThan', value: 3 } : { field: 'a', withinDays: 2, min: 1 };
      const p = compileCondition(C({ fact: 'f', operator, value }));
      for (const f of hostile) expect(typeof p({ f: [f, f] }, { nowMs: NaN })).toBe('boolean');
      for (const f of hostile) expect(typeof p({ f }, { nowMs: NaN })).toBe('boolean');
    }
  });
  it('on hostile fact objects', () => {
    const c = compileCondition(C({ fact: 'lead', path: '$.a', operator: 'lessThan', value: 3 }));
    for (const facts of [null, undefined, 5, 'lead', [], bare]) expect(c(facts as never, { nowMs: 0 })).toBe(false);
  });
  it('an object without prototype compared with < is false, not an error', () => {
    expect(check({ fact: 'f', operator: 'lessThan', value: 3 }, { f: bare })).toBe(false);
    expect(check({ not: { fact: 'f', operator: 'lessThan', value: 3 } }, { f: bare })).toBe(true);
    expect(check({ fact: 'f', operator: 'in', value: ['a'] }, { f: bare })).toBe(false);
  });
});

describe('checkCondition', () => {
  it('runs the example in docs/conditions.md', () => {
    const c = { all: [
      { fact: 'lead', path: '$.company.employees', operator: 'greaterThanInclusive', value: 50 },
      { any: [
        { fact: 'lead', path: '$.title', operator: 'matches', value: '^(vp|chief|head of)\\b', params: { flags: 'i' } },
        { not: { fact: 'lead', path: '$.email', operator: 'endsWith', value: '.edu' } },
      ] },
      { fact: 'events', operator: 'count', value: { where: { fact: 'type', operator: 'equal', value: 'pricing_view' }, withinDays: 30, min: 3 } },
    ] };
    expect(conditionIssues(c, '')).toEqual([]);
    const events = [1, 2, 3].map((d) => ({ type: 'pricing_view', at: ago(d) }));
    expect(check(c, { lead: { company: { employees: 80 }, title: 'VP Sales', email: 'a@b.edu' }, events })).toBe(true);
    expect(check(c, { lead: { company: { employees: 80 }, title: 'Student', email: 'a@b.edu' }, events })).toBe(false);
    expect(check(c, { lead: { company: { employees: 80 }, title: 'Student', email: 'a@b.com' }, events: events.slice(1) })).toBe(false);
  });

  it('never holds for a condition with issues, and never throws', () => {
    expect(check({ fact: 'lead', operator: 'bogus', value: 1 }, { lead })).toBe(false);
    expect(check({ not: { fact: 'lead', operator: 'bogus', value: 1 } }, { lead })).toBe(false);
    expect(check({ fact: 'lead', path: '$..x', operator: 'exists', value: false }, { lead })).toBe(false);
    expect(check({ fact: 'lead', path: '$.title', operator: 'matches', value: '(a+)+' }, { lead })).toBe(false);
    for (const c of [null, undefined, 5, 'x', [], { all: 5 }, { not: [] }]) expect(check(c, { lead })).toBe(false);
  });
  it('compiles once per condition object', () => {
    const c = C(leaf('$.title', 'equal', 'VP Sales'));
    expect(checkCondition(c, { lead })).toBe(true);
    expect(checkCondition(c, { lead: { title: 'CEO' } })).toBe(false);
  });
  it('without now, relative-date operators are false (the engine has no clock)', () => {
    const c = C(leaf('$.at', 'withinLastDays', 100_000));
    expect(checkCondition(c, { lead: { at: '2024-01-01' } })).toBe(false);
    expect(checkCondition(c, { lead: { at: '2024-01-01' } }, { now: Date.parse(NOW) })).toBe(true);
    expect(checkCondition(C(leaf('$.at', 'notWithinLastDays', 1)), { lead: { at: '2024-01-01' } })).toBe(false);
  });
});

describe('isFactRef', () => {
  it('is an object with an own fact property', () => {
    expect(isFactRef({ fact: 'x' })).toBe(true);
    expect(isFactRef({ fact: 'x', path: '$.a' })).toBe(true);
    expect(isFactRef(Object.create({ fact: 'x' }))).toBe(false);
    expect(isFactRef(['fact'])).toBe(false);
    expect(isFactRef(null)).toBe(false);
  });
});

describe('conditionIssues', () => {
  const issues = (c: unknown) => conditionIssues(c, '/c');
  it('accepts valid conditions of every operator', () => {
    const ok = [
      { all: [leaf('$.a', 'equal', 'x'), { any: [] }, { not: leaf('a', 'notEqual', null) }], name: 'n', priority: 2 },
      leaf('$.a', 'lessThan', 5), leaf('$.a', 'greaterThanInclusive', '2024'), leaf('$.a', 'in', [1, 'x']), leaf('$.a', 'notIn', []),
      leaf('$.tags', 'contains', 'x'), leaf('$.tags', 'doesNotContain', 3), leaf('$.d', 'before', '2024-01-01'), leaf('$.d', 'after', 0),
      leaf('$.d', 'withinLastDays', 30), leaf('$.d', 'notWithinLastDays', 0), leaf('$.t', 'startsWith', 'a'), leaf('$.t', 'endsWith', ''),
      leaf('$.t', 'exists', false), { ...leaf('$.t', 'matches', '^vp'), params: { flags: 'i' } },
      leaf('$.n', 'lessThan', { fact: 'account', path: '$.min' }), leaf('$.n', 'in', { fact: 'list' }),
      { fact: 'events', operator: 'some', value: { fact: 'type', operator: 'equal', value: 'x' } },
      { fact: 'events', operator: 'every', value: { any: [] } },
      { fact: 'events', operator: 'count', value: { where: { fact: 'type', operator: 'equal', value: 'x' }, withinDays: 30, dateField: 'at', min: 1, max: 3 } },
      { fact: 'events', operator: 'count', value: {} },
      { fact: 'contacts', operator: 'distinctCount', value: { field: 'persona', where: { fact: 'active', operator: 'equal', value: true }, min: 3 } },
    ];
    for (const c of ok) expect([c, issues(c)]).toEqual([c, []]);
  });

  it('reports structure, with pointers', () => {
    expect(issues(null)).toEqual([{ path: '/c', message: expect.stringContaining('must be a condition') }]);
    expect(issues({ all: {} })).toEqual([{ path: '/c/all', message: 'must be a list of conditions' }]);
    expect(issues({ not: [] })).toEqual([{ path: '/c/not', message: expect.stringContaining('must be a condition') }]);
    expect(issues({ all: [], any: [] })).toEqual([{ path: '/c/all', message: 'is not a known property' }]);
    expect(issues({ fact: 'lead', operator: 'equal' })).toEqual([{ path: '/c/value', message: 'is required' }]);
    expect(issues({ fact: '', operator: 'equal', value: 1, extra: 1, 'a/b': 1 })).toEqual([
      { path: '/c/extra', message: 'is not a known property' },
      { path: '/c/a~1b', message: 'is not a known property' },
      { path: '/c/fact', message: 'must be a fact name' },
    ]);
    expect(issues({ fact: 'x', operator: 'like', value: 1 })).toEqual([{ path: '/c/operator', message: 'is not an operator: like' }]);
    expect(issues({ fact: 'x', operator: '__proto__', value: 1 })).toEqual([{ path: '/c/operator', message: 'is not an operator: __proto__' }]);
    expect(issues({ fact: 'x', operator: 'equal', value: 1, params: 3 })).toEqual([{ path: '/c/params', message: 'must be an object' }]);
  });

  it('reports unparsable paths, in leaves and fact references', () => {
    for (const path of ['$..a', '$[*]', '.a', '$.a[01]', 5]) {
      expect(issues({ fact: 'x', path, operator: 'exists', value: true })).toEqual([{ path: '/c/path', message: expect.stringContaining('plain property path') }]);
    }
    expect(issues(leaf('$.a', 'equal', { fact: 'y', path: '$[?(@.a)]' }))).toEqual([{ path: '/c/value/path', message: expect.stringContaining('plain property path') }]);
    expect(issues(leaf('$.a', 'equal', { fact: 3 }))).toEqual([{ path: '/c/value/fact', message: 'must be a fact name' }]);
  });

  it('reports value shapes per operator, all of them at once', () => {
    const c = {
      all: [
        leaf('$.a', 'equal', [1]), leaf('$.a', 'notEqual', {}), leaf('$.a', 'contains', ['x']), leaf('$.a', 'in', 'VP'), leaf('$.a', 'notIn', 3),
        leaf('$.a', 'lessThan', null), leaf('$.a', 'greaterThan', true), leaf('$.a', 'before', 'March 3'), leaf('$.a', 'after', '2024-02-30'),
        leaf('$.a', 'withinLastDays', -1), leaf('$.a', 'notWithinLastDays', '30'), leaf('$.a', 'matches', '(a+)+'), leaf('$.a', 'matches', { fact: 'p' }),
        { ...leaf('$.a', 'matches', 'a'), params: { flags: 'g' } }, leaf('$.a', 'startsWith', 1), leaf('$.a', 'endsWith', null), leaf('$.a', 'exists', 'yes'),
      ],
    };
    // One issue per leaf, each at its value, except the bad flag.
    const paths = issues(c).map((i) => i.path);
    expect(paths).toEqual(c.all.map((_, i) => (i === 13 ? '/c/all/13/params/flags' : `/c/all/${i}/value`)));
    expect(issues(leaf('$.a', 'matches', '(a+)+'))[0]!.message).toContain('repeats a group');
    expect(issues(leaf('$.a', 'matches', { fact: 'p' }))[0]!.message).toContain('fact reference');
  });

  it('checks item conditions and count values recursively', () => {
    expect(issues({ fact: 'e', operator: 'some', value: { fact: 'type', operator: 'in', value: 'x' } })).toEqual([{ path: '/c/value/value', message: 'must be a list of values' }]);
    expect(issues({ fact: 'e', operator: 'every', value: 'x' })).toEqual([{ path: '/c/value', message: expect.stringContaining('must be a condition') }]);
    expect(issues({ fact: 'e', operator: 'count', value: 3 })).toEqual([{ path: '/c/value', message: 'must be {where?, withinDays?, dateField?, min?, max?}' }]);
    expect(issues({ fact: 'e', operator: 'count', value: { where: { all: [{ fact: 'x' }] }, withinDays: -2, dateField: '$..at', min: 'a', max: 2, field: 'x' } })).toEqual([
      { path: '/c/value/field', message: 'is not a known property' },
      { path: '/c/value/where/all/0/operator', message: 'is not an operator: undefined' },
      { path: '/c/value/min', message: 'must be a number, 0 or more' },
      { path: '/c/value/withinDays', message: 'must be a number of days, 0 or more' },
      { path: '/c/value/dateField', message: expect.stringContaining('plain property path') },
    ]);
    expect(issues({ fact: 'e', operator: 'count', value: { min: 3, max: 2 } })).toEqual([{ path: '/c/value/min', message: 'is greater than max' }]);
    expect(issues({ fact: 'e', operator: 'distinctCount', value: {} })).toEqual([{ path: '/c/value/field', message: 'is required' }]);
    expect(issues({ fact: 'e', operator: 'distinctCount', value: { field: 'a b', withinDays: 3 } })).toEqual([
      { path: '/c/value/withinDays', message: 'is not a known property' },
      { path: '/c/value/field', message: expect.stringContaining('plain property path') },
    ]);
  });
});

describe('conditionRefs', () => {
  it('lists the leaves through all/any/not, not into item conditions', () => {
    const some = { fact: 'events', operator: 'some', value: { fact: 'type', operator: 'equal', value: 'x' } };
    const refs = conditionRefs(C({ all: [leaf('$.tags[0]', 'equal', 'a'), { any: [{ not: some }] }, { fact: 'account', operator: 'exists', value: true }] }), '/n');
    expect(refs).toEqual([
      { fact: 'lead', segments: ['tags', 0], operator: 'equal', value: 'a', pointer: '/n/all/0' },
      { fact: 'events', segments: [], operator: 'some', value: some.value, pointer: '/n/all/1/any/0/not' },
      { fact: 'account', segments: [], operator: 'exists', value: true, pointer: '/n/all/2' },
    ]);
    expect(conditionRefs(C(leaf('a.b', 'equal', 1)), '')).toEqual([{ fact: 'lead', segments: ['a', 'b'], operator: 'equal', value: 1, pointer: '' }]);
  });
});
