import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from './functions.js';
import { compileExpression, EXPRESSION_FUNCTIONS } from './index.js';
import { ev, NOW, SCOPE } from './expr.test-util.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('compileExpression', () => {
  it('gives a reusable expression with its refs', () => {
    const c = compileExpression('round(scores.fit * 0.6 + scores.engagement * 0.4, 1)');
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.refs).toEqual(['scores.fit', 'scores.engagement']);
    expect(c.value.run({ scores: { fit: 50, engagement: 20 } }, { nowMs: 0 })).toBe(38);
    expect(c.value.run({ scores: { fit: 10, engagement: 0 } }, { nowMs: 0 })).toBe(6);
    expect(c.value.run({}, { nowMs: 0 })).toBeNull();
  });

  it('gives issues with an empty path and a message that starts with the column', () => {
    expect(compileExpression('max(1,')).toEqual({
      ok: false,
      issues: [{ path: '', message: 'col 7: unexpected end of expression' }],
    });
  });

  it('is deterministic: no clock, no randomness', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('clock');
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('random');
    });
    const src = 'concat(now(), daysSince(lead.createdAt), addDays(lead.createdAt, 2), date("2024-01-02T03:04"))';
    const a = ev(src);
    expect(ev(src)).toBe(a);
    expect(a).toBe(`${NOW}30${Date.UTC(2024, 0, 3)}${Date.UTC(2024, 0, 2, 3, 4)}`);
  });

  it('compiled expressions share no state', () => {
    const a = compileExpression('vars.x + 1');
    const b = compileExpression('vars.x * 10');
    if (!a.ok || !b.ok) throw new Error('compile');
    expect([a.value.run({ vars: { x: 1 } }, { nowMs: 0 }), b.value.run({ vars: { x: 2 } }, { nowMs: 0 })]).toEqual([2, 20]);
    expect(a.value.run({ vars: { x: 5 } }, { nowMs: 0 })).toBe(6);
  });

  it('does not change the scope', () => {
    const scope = structuredClone(SCOPE);
    ev('sum(events, "points") + len(lead.tags) + count(events) ?? lower(lead.name)', scope);
    expect(scope).toEqual(SCOPE);
  });
});

describe('EXPRESSION_FUNCTIONS', () => {
  it('describes every function of the table, in its order, with a signature and a doc', () => {
    expect(EXPRESSION_FUNCTIONS.map((f) => f.name)).toEqual(Object.keys(FUNCTIONS));
    for (const f of EXPRESSION_FUNCTIONS) {
      expect(f.signature).toMatch(new RegExp(`^${f.name}\\(.*\\)$`));
      expect(f.doc.length).toBeGreaterThan(10);
    }
  });

  it('signatures agree with the arity the compiler enforces', () => {
    for (const f of EXPRESSION_FUNCTIONS) {
      const params = f.signature.slice(f.name.length + 1, -1);
      const list = params ? params.split(', ') : [];
      const required = list.filter((p) => !p.endsWith('?')).length;
      expect(compileExpression(`${f.name}(${Array(required).fill('1').join(', ')})`).ok, f.signature).toBe(true);
      if (required > 0) expect(compileExpression(`${f.name}(${Array(required - 1).fill('1').join(', ')})`).ok).toBe(false);
      if (!params.includes('...'))
        expect(compileExpression(`${f.name}(${Array(list.length + 1).fill('1').join(', ')})`).ok, f.signature).toBe(false);
    }
  });

  it('examples of the form `expr → value` that need no data hold', () => {
    let checked = 0;
    for (const f of EXPRESSION_FUNCTIONS) {
      const m = / ([^ ].*) → (.+)$/.exec(f.doc.slice(f.doc.indexOf('. ') + 1));
      if (!m || /lead|events|account|scores|vars|now/.test(m[1]!) || m[2]!.includes(' ')) continue;
      expect(ev(m[1]!), f.doc).toEqual(JSON.parse(m[2]!));
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });
});

describe('fuzz', () => {
  it('random token soup never throws, and results are never undefined, NaN or Infinity', () => {
    const parts = ['lead', 'events', 'vars', '.', 'tags', '[', ']', '(', ')', '0', '1.5', '"__proto__"', '"a"', ',', '?', ':',
      '+', '-', '*', '/', '%', '==', '<', '!', 'not', 'and', '||', '??', 'in', 'null', 'true', ...Object.keys(FUNCTIONS)];
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let compiled = 0;
    for (let k = 0; k < 3000; k++) {
      const src = Array.from({ length: 1 + rnd(12) }, () => parts[rnd(parts.length)]).join(' ');
      const c = compileExpression(src);
      if (!c.ok) {
        expect(c.issues.length, src).toBeGreaterThan(0);
        continue;
      }
      compiled++;
      const v = c.value.run(SCOPE, { nowMs: NOW });
      expect(v, src).not.toBeUndefined();
      if (typeof v == 'number') expect(Number.isFinite(v), src).toBe(true);
    }
    expect(compiled).toBeGreaterThan(100);
  });
});

describe('docs/expressions.md', () => {
  it('lists every function with its signature', () => {
    const doc = readFileSync(new URL('../../../../docs/expressions.md', import.meta.url), 'utf8');
    for (const f of EXPRESSION_FUNCTIONS) expect(doc, f.signature).toContain(`| \`${f.signature}\` |`);
  });
});

describe('the source', () => {
  it('has no eval and no Function constructor', () => {
    const dir = new URL('.', import.meta.url);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.includes('.test'))) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      expect(text, name).not.toMatch(/\beval\s*\(|\bFunction\s*\(/);
    }
  });
});
