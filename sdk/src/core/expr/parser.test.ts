import { describe, expect, it } from 'vitest';
import { errs, ev, refs } from './expr.test-util.js';

describe('literals and access', () => {
  it('reads literals', () => {
    expect(ev('42')).toBe(42);
    expect(ev('1.25')).toBe(1.25);
    expect(ev('2e3')).toBe(2000);
    expect(ev('"a"')).toBe('a');
    expect(ev("'b'")).toBe('b');
    expect(ev('true')).toBe(true);
    expect(ev('false')).toBe(false);
    expect(ev('null')).toBeNull();
    expect(ev('[]')).toEqual([]);
    expect(ev('[1, "a", [true], null]')).toEqual([1, 'a', [true], null]);
  });

  it('reads the scope with dots and indices; missing is null', () => {
    expect(ev('lead.company.size')).toBe('L');
    expect(ev('lead.tags[0]')).toBe('vip');
    expect(ev('lead["employees"]')).toBe(250);
    expect(ev("lead.company['industry']")).toBe('saas');
    expect(ev('events[1].props.plan')).toBe('team');
    expect(ev('lead.tags[1 + 0]')).toBe('eu');
    expect(ev('lead.missing')).toBeNull();
    expect(ev('lead.missing.deeper[3].x')).toBeNull();
    expect(ev('nothing')).toBeNull();
    expect(ev('lead.tags[9]')).toBeNull();
    expect(ev('lead.name[0]')).toBeNull(); // strings are not indexable: use startsWith/len
    expect(ev('[10, 20][1]')).toBe(20);
    expect(ev('(lead).employees')).toBe(250);
  });

  it('accepts keywords as property names after a dot', () => {
    expect(ev('vars.in + vars.not + vars.null', { vars: { in: 1, not: 2, null: 3 } })).toBe(6);
  });

  it('ignores white space and newlines', () => {
    expect(ev(' \n 1 \t+\n2 ')).toBe(3);
  });
});

describe('precedence and associativity', () => {
  const cases: [string, unknown][] = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['64 / 4 / 2', 8],
    ['2 * 3 % 4', 2],
    ['-2 * 3', -6],
    ['- 2 - -3', 1],
    ['--2', 2],
    ['1 + 2 == 3', true],
    ['1 < 2 == true', true],
    ['"a" + "b" in "xaby"', true],
    ['1 in [1] == true', true],
    ['1 == 1 && 2 == 3', false],
    ['true || false && false', true],
    ['(true || false) && false', false],
    ['false and true or true', true],
    ['!1 == 2', true], // ! and not bind looser than comparisons: !(1 == 2)
    ['not 1 == 2', true],
    ['!false && false', false],
    ['not true or true', true],
    ['!!1', true],
    ['not not 0', false],
    ['true && !false', true],
    ['false || not false', true],
    ['1 == (!true)', false],
    ['true ? !true : !false', false],
    ['null ?? 1 + 1', 2], // ?? binds tighter than comparison, looser than +
    ['null ?? 2 > 1', true],
    ['null ?? null ?? 3', 3],
    ['1 ?? 2 ?? 3', 1],
    ['"x" ?? 1 in "x"', true],
    ['true ? 1 : 2', 1],
    ['false ? 1 : true ? 2 : 3', 2],
    ['false ? 1 : false ? 2 : 3', 3],
    ['true ? false ? 1 : 2 : 3', 2],
    ['1 > 2 || 3 > 2 ? "y" : "n"', 'y'],
    ['1 + (true ? 1 : 2) * 2', 3],
  ];
  it.each(cases)('%s → %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });
});

describe('operators', () => {
  it('arithmetic on numbers; anything else is null', () => {
    expect(ev('7 % 3')).toBe(1);
    expect(ev('1 / 4')).toBe(0.25);
    expect(ev('null + 1')).toBeNull();
    expect(ev('lead.missing * 2')).toBeNull();
    expect(ev('true + 1')).toBeNull();
    expect(ev('"3" - 1')).toBeNull();
    expect(ev('[1] + [2]')).toBeNull();
    expect(ev('-"a"')).toBeNull();
    expect(ev('-null')).toBeNull();
  });

  it('division or modulo by zero and overflow give null', () => {
    expect(ev('1 / 0')).toBeNull();
    expect(ev('0 / 0')).toBeNull();
    expect(ev('5 % 0')).toBeNull();
    expect(ev('1e308 * 10')).toBeNull();
    expect(ev('(1 / 0) ?? 7')).toBe(7);
  });

  it('+ concatenates when a side is a string and the other a string, number or boolean', () => {
    expect(ev('"a" + "b"')).toBe('ab');
    expect(ev('"n=" + 2')).toBe('n=2');
    expect(ev('2 + "x"')).toBe('2x');
    expect(ev('"is " + true')).toBe('is true');
    expect(ev('"a" + null')).toBeNull();
    expect(ev('"a" + [1]')).toBeNull();
  });

  it('cuts string results at 10,000 characters', () => {
    const long = 'x'.repeat(6000);
    expect((ev('vars.s + vars.s', { vars: { s: long } }) as string).length).toBe(10_000);
    expect((ev('vars.s', { vars: { s: long + long } }) as string).length).toBe(10_000);
  });

  it('== and != compare without coercion; lists by value', () => {
    expect(ev('1 == 1')).toBe(true);
    expect(ev('1 == "1"')).toBe(false);
    expect(ev('1 != "1"')).toBe(true);
    expect(ev('null == lead.missing')).toBe(true);
    expect(ev('0 == false')).toBe(false);
    expect(ev('"" == null')).toBe(false);
    expect(ev('lead.tags == ["vip", "eu"]')).toBe(true);
    expect(ev('lead.tags != ["vip"]')).toBe(true);
  });

  it('orders numbers with numbers and strings with strings; other pairs are false', () => {
    expect(ev('2 > 1')).toBe(true);
    expect(ev('2 >= 2')).toBe(true);
    expect(ev('1 <= 0')).toBe(false);
    expect(ev('"b" > "a"')).toBe(true);
    expect(ev('"2024-02-01" > "2024-01-31"')).toBe(true);
    expect(ev('"10" > 9')).toBe(false);
    expect(ev('"10" < 9')).toBe(false);
    expect(ev('null < 1')).toBe(false);
    expect(ev('null >= 0')).toBe(false);
    expect(ev('true > false')).toBe(false);
    expect(ev('[2] > [1]')).toBe(false);
  });

  it('in: list membership or substring', () => {
    expect(ev('"vip" in lead.tags')).toBe(true);
    expect(ev('"us" in lead.tags')).toBe(false);
    expect(ev('"acme" in lead.email')).toBe(true);
    expect(ev('1 in "123"')).toBe(false);
    expect(ev('"a" in lead.missing')).toBe(false);
    expect(ev('[1] in [[1], [2]]')).toBe(true);
  });

  it('&&, ||, ! and not give booleans from truthiness', () => {
    expect(ev('lead.name && lead.employees')).toBe(true);
    expect(ev('lead.empty || lead.zero')).toBe(false);
    expect(ev('lead.missing || "x"')).toBe(true);
    expect(ev('!lead.tags')).toBe(false);
    expect(ev('![]')).toBe(true);
    expect(ev('not lead.empty')).toBe(true);
  });

  it('?? replaces null only', () => {
    expect(ev('lead.missing ?? "n/a"')).toBe('n/a');
    expect(ev('lead.zero ?? 5')).toBe(0);
    expect(ev('lead.empty ?? "x"')).toBe('');
    expect(ev('false ?? true')).toBe(false);
  });

  it('short-circuits: the other side of &&, ||, ??, ?: is not evaluated', () => {
    let reads = 0;
    const vars = {};
    Object.defineProperty(vars, 'x', { enumerable: true, get: () => ++reads });
    for (const src of ['false && vars.x', 'true || vars.x', '1 ?? vars.x', 'true ? 1 : vars.x', 'false ? vars.x : 1'])
      ev(src, { vars });
    expect(reads).toBe(0);
  });
});

describe('compile errors', () => {
  it('reports a syntax error with its 1-based column', () => {
    expect(errs('(1 + 2')).toEqual(['col 7: expected ")"']);
    expect(errs('max(1, 2')).toEqual(['col 9: expected ")"']);
    expect(errs('f(1 2)'.replace('f', 'min'))).toEqual(['col 7: expected ")"']);
    expect(errs('lead.tags[0')).toEqual(['col 12: expected "]"']);
    expect(errs('[1, 2')).toEqual(['col 6: expected "]"']);
    expect(errs('true ? 1')).toEqual(['col 9: expected ":"']);
    expect(errs('lead.')).toEqual(['col 6: expected a name']);
    expect(errs('lead.1')).toEqual(['col 6: expected a name']);
    expect(errs('1 +')).toEqual(['col 4: unexpected end of expression']);
    expect(errs('')).toEqual(['col 1: unexpected end of expression']);
    expect(errs('   ')).toEqual(['col 4: unexpected end of expression']);
    expect(errs('1 2')).toEqual(['col 3: unexpected "2"']);
    expect(errs('lead.x(1)')).toEqual(['col 7: unexpected "("']);
    expect(errs('* 2')).toEqual(['col 1: unexpected "*"']);
    expect(errs('1 + and')).toEqual(['col 5: unexpected "and"']);
    expect(errs('[1,]')).toEqual(['col 4: unexpected "]"']);
    expect(errs('1 == !true')).toEqual(['col 6: unexpected "!"']);
    expect(errs('1 + not x')).toEqual(['col 5: unexpected "not"']);
    expect(errs('-!x')).toEqual(['col 2: unexpected "!"']);
    expect(errs('1 == "x" "y"')).toEqual(['col 10: unexpected "y"']);
  });

  it('counts columns from the start of the source, newlines included', () => {
    expect(errs('1 +\n  * 2')).toEqual(['col 7: unexpected "*"']);
  });

  it('reports every lexical error', () => {
    expect(errs('lead.x # 2 @ 3')).toEqual(['col 8: unexpected "#"', 'col 12: unexpected "@"']);
    expect(errs('lead.x = 1')).toEqual(['col 8: unexpected "="']);
    expect(errs('0x10 + 1')).toEqual(['col 1: unexpected "0x10"']);
    expect(errs('"abc')).toEqual(['col 1: unterminated string']);
  });

  it('reports unknown functions with the list of known ones, and every one of them', () => {
    const [first, second, ...rest] = errs('foo(1) + bar()');
    expect(rest).toEqual([]);
    expect(first).toMatch(/^col 1: unknown function "foo"; known: lower, upper, trim, len, .*countWhere, if$/);
    expect(second).toMatch(/^col 10: unknown function "bar"; known: /);
    expect(errs('toString(1)')[0]).toMatch(/^col 1: unknown function "toString"/);
    expect(errs('constructor()')[0]).toMatch(/^col 1: unknown function "constructor"/);
  });

  it('reports wrong argument counts', () => {
    expect(errs('round(1, 2, 3)')).toEqual(['col 1: round takes 1 to 2 arguments, got 3']);
    expect(errs('round()')).toEqual(['col 1: round takes 1 to 2 arguments, got 0']);
    expect(errs('lower()')).toEqual(['col 1: lower takes 1 argument, got 0']);
    expect(errs('1 + clamp(1, 2)')).toEqual(['col 5: clamp takes 3 arguments, got 2']);
    expect(errs('now(1)')).toEqual(['col 1: now takes 0 arguments, got 1']);
    expect(errs('min()')).toEqual(['col 1: min takes at least 1 argument, got 0']);
    expect(errs('upper(lower())  ')).toEqual(['col 7: lower takes 1 argument, got 0']);
  });

  it('collects name errors across the expression', () => {
    expect(errs('lower() + foo(1) + lead.__proto__')).toEqual([
      'col 1: lower takes 1 argument, got 0',
      expect.stringMatching(/^col 11: unknown function "foo"/),
      'col 25: "__proto__" is not allowed',
    ]);
  });
});

describe('prototype safety', () => {
  it('refuses __proto__, constructor and prototype at compile time', () => {
    expect(errs('__proto__')).toEqual(['col 1: "__proto__" is not allowed']);
    expect(errs('lead.__proto__')).toEqual(['col 6: "__proto__" is not allowed']);
    expect(errs('lead.constructor')).toEqual(['col 6: "constructor" is not allowed']);
    expect(errs('lead.company.prototype.x')).toEqual(['col 14: "prototype" is not allowed']);
    expect(errs('lead["constructor"]')).toEqual(['col 6: "constructor" is not allowed']);
    expect(errs("lead['__proto__']")).toEqual(['col 6: "__proto__" is not allowed']);
    expect(errs('constructor')).toEqual(['col 1: "constructor" is not allowed']);
    expect(errs('lead.tags.constructor')).toEqual(['col 11: "constructor" is not allowed']);
  });

  it('gives null for forbidden keys computed at run time', () => {
    const scope = { lead: { a: 1 }, vars: { k: '__proto__', c: 'constructor', p: 'prototype' } };
    expect(ev('lead[vars.k]', scope)).toBeNull();
    expect(ev('lead[vars.c]', scope)).toBeNull();
    expect(ev('lead["__pro" + "to__"]', scope)).toBeNull();
    expect(ev('lead[vars.c][vars.p]', scope)).toBeNull();
    expect(ev('lead[("constructor")]', scope)).toBeNull();
    expect(ev('lead.tags[vars.c]', { lead: { tags: [] }, vars: scope.vars })).toBeNull();
  });

  it('does not read inherited members of objects, lists or strings', () => {
    expect(ev('lead.toString')).toBeNull();
    expect(ev('lead.hasOwnProperty')).toBeNull();
    expect(ev('lead.tags.map')).toBeNull();
    expect(ev('lead.tags["push"]')).toBeNull();
    expect(ev('lead.name.length')).toBeNull();
    expect(ev('toString')).toBeNull();
  });

  it('even own __proto__ keys in the data (JSON.parse makes them) read as null', () => {
    const lead = JSON.parse('{"__proto__": {"admin": true}}') as Record<string, unknown>;
    expect(ev('lead[vars.k].admin', { lead, vars: { k: '__proto__' } })).toBeNull();
  });
});

describe('refs', () => {
  it('lists the dotted scope paths read, longest form, once each', () => {
    expect(refs('lead.employees > 100 && scores.fit >= 40')).toEqual(['lead.employees', 'scores.fit']);
    expect(refs('lead.a + lead.a * lead.b')).toEqual(['lead.a', 'lead.b']);
    expect(refs('lead')).toEqual(['lead']);
    expect(refs('1 + 2')).toEqual([]);
  });

  it('keeps literal indices: numbers as [n], names as .name', () => {
    expect(refs('lead.tags[0]')).toEqual(['lead.tags[0]']);
    expect(refs('lead["company"].size')).toEqual(['lead.company.size']);
    expect(refs('lead.contacts[2].role')).toEqual(['lead.contacts[2].role']);
  });

  it('stops a path at a computed index or a key that is not a name', () => {
    expect(refs('lead.tags[vars.i].x')).toEqual(['vars.i', 'lead.tags']);
    expect(refs('lead["first name"].x')).toEqual(['lead']);
    expect(refs('lead.tags[-1]')).toEqual(['lead.tags']);
    expect(refs('lead.tags[1.5]')).toEqual(['lead.tags']);
  });

  it('finds paths inside calls, lists and operators, but not function names or literals', () => {
    expect(refs('round(max([scores.fit, vars.x]), 1) ?? coalesce(account.revenue, 0)')).toEqual([
      'scores.fit',
      'vars.x',
      'account.revenue',
    ]);
    expect(refs('count(events) > 3 ? "hot" : lead.stage')).toEqual(['events', 'lead.stage']);
    expect(refs('[1, 2][0]')).toEqual([]);
    expect(refs('vars.in')).toEqual(['vars.in']);
  });
});

describe('hostile input', () => {
  it('refuses sources longer than 2,000 characters before reading them', () => {
    expect(errs('1+'.repeat(1000) + '1')).toEqual(['not a string of at most 2000 characters']);
    expect(errs('('.repeat(1_000_000))).toEqual(['not a string of at most 2000 characters']);
    expect(errs(undefined as unknown as string)).toEqual(['not a string of at most 2000 characters']);
    expect(errs(42 as unknown as string)).toEqual(['not a string of at most 2000 characters']);
  });

  it('accepts nesting of 64 and refuses 65, without exhausting the stack', () => {
    expect(ev('('.repeat(64) + '1' + ')'.repeat(64))).toBe(1);
    expect(errs('('.repeat(65) + '1' + ')'.repeat(65))).toEqual(['col 66: nesting deeper than 64']);
    expect(errs('('.repeat(1999))).toEqual(['col 66: nesting deeper than 64']);
    expect(errs('['.repeat(1999))).toEqual(['col 66: nesting deeper than 64']);
    expect(errs('-'.repeat(1999) + '1')).toEqual(['col 66: nesting deeper than 64']);
    expect(errs('!'.repeat(1999))).toEqual(['col 66: nesting deeper than 64']);
    expect(errs('not '.repeat(499))[0]).toMatch(/nesting deeper than 64/);
    expect(errs('abs('.repeat(499))[0]).toMatch(/nesting deeper than 64/);
    expect(errs('1?'.repeat(999) + '1')[0]).toMatch(/nesting deeper than 64/);
    expect(errs('lead['.repeat(399))[0]).toMatch(/nesting deeper than 64/);
  });

  it('runs the longest flat chains allowed', () => {
    expect(ev('1' + '+1'.repeat(999))).toBe(1000);
    expect(ev('lead' + '.x'.repeat(998))).toBeNull();
    expect(ev('true' + ' && true'.repeat(249))).toBe(true);
    expect(ev('[' + '1,'.repeat(998) + '1]')).toHaveLength(999);
  });

  it('never throws at run time, whatever the scope holds', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    const obj: Record<string, unknown> = {};
    obj.self = obj;
    const boom = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const scope = { vars: { cyclic, obj, boom, big: 10n, sym: Symbol('s') } };
    for (const src of [
      'vars.cyclic == vars.cyclic',
      '[vars.cyclic] == [vars.cyclic]',
      'string(vars.obj)',
      'string(vars.big)',
      'concat(vars.obj)',
      'vars.boom.x',
      'vars.big + 1',
      'vars.sym + "a"',
      'max(vars.cyclic)',
    ])
      expect(() => ev(src, scope)).not.toThrow();
    expect(ev('vars.boom.x', scope)).toBeNull();
    expect(ev('string(vars.obj)', scope)).toBeNull();
    expect(ev('lead.x', null as unknown as Record<string, unknown>)).toBeNull();
  });
});
