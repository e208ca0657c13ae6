// The synthetic data generator: deterministic, valid input, realistic shares, and rich enough
// that every gate of every template rejects some leads and every outcome occurs.
import { describe, expect, it } from 'vitest';
import type { RuleSet } from '@sluice/schemas';
import { validateEvaluationInput } from '../../schemas/dist/validators.js';
import { compile, evaluate } from '../../sdk/src/index.js';
import { DEFAULT_NOW, createRng, generateLeads, iterateLeads, toInput, type GeneratedLead } from '../../examples/data/generate.js';
import { loadTemplate, nodesOfKind, TEMPLATE_IDS } from './templates.js';

const ndjson = (leads: GeneratedLead[]) => leads.map((l) => `${JSON.stringify(l)}\n`).join('');

describe('createRng', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const take = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 1000 }, () => r.next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    const xs = take(7);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // roughly uniform: each tenth holds 100 ± 40 of 1000
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    for (const b of bins) expect(Math.abs(b - 100)).toBeLessThan(40);
  });
});

describe('generateLeads', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    const a = ndjson(generateLeads({ count: 300, seed: 42 }));
    const b = ndjson(generateLeads({ count: 300, seed: 42 }));
    expect(b).toBe(a);
    expect(ndjson(generateLeads({ count: 300, seed: 43 }))).not.toBe(a);
    // the streaming form gives the same leads, and a shorter run is a prefix of a longer one
    expect(ndjson([...iterateLeads({ count: 300, seed: 42 })])).toBe(a);
    expect(a.startsWith(ndjson(generateLeads({ count: 100, seed: 42 })))).toBe(true);
  });

  it('writes EvaluationInput lines with an id and one fixed now', () => {
    const leads = generateLeads({ count: 500, seed: 1 });
    expect(new Set(leads.map((l) => l.id)).size).toBe(500);
    expect(leads[0]!.id).toBe('lead-000001');
    for (const l of leads) {
      expect(l.now).toBe(DEFAULT_NOW);
      expect(Object.keys(l).slice(0, 2)).toEqual(['id', 'now']);
      const ok = validateEvaluationInput(toInput(l));
      expect(validateEvaluationInput.errors ?? [], l.id).toEqual([]);
      expect(ok).toBe(true);
    }
    const later = generateLeads({ count: 1, seed: 1, now: '2026-01-05T09:00:00Z' })[0]!;
    expect(later.now).toBe('2026-01-05T09:00:00.000Z');
  });

  it('has realistic shapes: 1–10 contacts, 12 months of typed events, free email and missing data', () => {
    const leads = generateLeads({ count: 3000, seed: 42 });
    const nowMs = Date.parse(DEFAULT_NOW);
    const types = new Set<string>();
    let free = 0;
    let noAccount = 0;
    let future = 0;
    let events = 0;
    for (const l of leads) {
      const domain = String(l.lead.emailDomain);
      if (/^(gmail|yahoo|hotmail|outlook|icloud|aol|mail)\.com$|^proton\.me$|^gmx\.de$/.test(domain)) free++;
      if (!l.account) noAccount++;
      else {
        const contacts = l.account.contacts as { persona?: string; events: unknown[] }[];
        expect(contacts.length).toBeGreaterThanOrEqual(1);
        expect(contacts.length).toBeLessThanOrEqual(10);
        for (const c of contacts) expect(c.persona).toBeTruthy();
      }
      for (const e of l.events) {
        events++;
        types.add(e.type);
        const age = (nowMs - Date.parse(e.at)) / 864e5;
        if (age < 0) future++;
        else expect(age).toBeLessThanOrEqual(365);
        if (e.type === 'page_view') expect(typeof e.props?.url).toBe('string');
      }
    }
    expect([...types].sort()).toEqual(['content_download', 'demo_request', 'email_click', 'page_view', 'pricing_view', 'webinar_attended']);
    expect(free / leads.length).toBeGreaterThan(0.05);
    expect(free / leads.length).toBeLessThan(0.25);
    expect(noAccount / leads.length).toBeGreaterThan(0.02);
    expect(noAccount / leads.length).toBeLessThan(0.15);
    expect(future).toBeGreaterThan(0);
    expect(future / events).toBeLessThan(0.01);
  });
});

describe('10,000 generated leads against every template', () => {
  const leads = generateLeads({ count: 10_000, seed: 42 });

  it.each(TEMPLATE_IDS)('%s: every gate passes and rejects, every outcome occurs', (id) => {
    const t = loadTemplate(id);
    const c = compile(t.flow);
    if (!c.ok) expect.fail(JSON.stringify(c.errors));
    const rs: RuleSet = c.ruleSet;
    const reached: Record<string, number> = {};
    const rejected: Record<string, number> = {};
    const outcomes: Record<string, number> = {};
    const grades: Record<string, number> = {};
    const checks: Record<string, number> = {};
    const checklists = nodesOfKind(t.flow, 'checklist');
    for (const l of leads) {
      const r = evaluate(rs, toInput(l), { now: l.now });
      for (const p of r.path) reached[p] = (reached[p] ?? 0) + 1;
      if (r.rejected) rejected[r.rejected.nodeId] = (rejected[r.rejected.nodeId] ?? 0) + 1;
      outcomes[r.outcome.nodeId] = (outcomes[r.outcome.nodeId] ?? 0) + 1;
      if (r.grade !== null) grades[r.grade] = (grades[r.grade] ?? 0) + 1;
      for (const [k, v] of Object.entries(r.checklists)) checks[`${k}:${v.met}`] = (checks[`${k}:${v.met}`] ?? 0) + 1;
    }
    const gates = nodesOfKind(t.flow, 'gate');
    const lines = gates.map((g) => {
      const n = reached[g] ?? 0;
      const x = rejected[g] ?? 0;
      return `  gate ${g.padEnd(12)} reached ${String(n).padStart(5)}  pass ${String(n - x).padStart(5)}  reject ${String(x).padStart(5)} (${((100 * x) / Math.max(1, n)).toFixed(1)}%)`;
    });
    for (const k of checklists) {
      lines.push(`  checklist ${k.padEnd(7)} reached ${String(reached[k] ?? 0).padStart(5)}  met ${String(checks[`${k}:true`] ?? 0).padStart(5)}  not met ${String(checks[`${k}:false`] ?? 0).padStart(5)}`);
    }
    const outs = nodesOfKind(t.flow, 'outcome').map((o) => `${o} ${outcomes[o] ?? 0}`);
    console.log([`${id}:`, ...lines, `  outcomes: ${outs.join(', ')}`, ...(Object.keys(grades).length ? [`  grades: ${Object.entries(grades).sort().map(([g, n]) => `${g} ${n}`).join(', ')}`] : [])].join('\n'));

    for (const g of gates) {
      expect(rejected[g] ?? 0, `gate ${g} rejects`).toBeGreaterThan(0);
      expect((reached[g] ?? 0) - (rejected[g] ?? 0), `gate ${g} passes`).toBeGreaterThan(0);
    }
    for (const o of nodesOfKind(t.flow, 'outcome')) expect(outcomes[o] ?? 0, `outcome ${o}`).toBeGreaterThan(0);
    for (const k of checklists) {
      expect(checks[`${k}:true`] ?? 0, `checklist ${k} met`).toBeGreaterThan(0);
      expect(checks[`${k}:false`] ?? 0, `checklist ${k} not met`).toBeGreaterThan(0);
    }
    if (id === 'waterfall-6-layer') {
      // ICP fit typically rejects 40–60% of inbound signals
      const share = (rejected.icp ?? 0) / leads.length;
      expect(share).toBeGreaterThanOrEqual(0.4);
      expect(share).toBeLessThanOrEqual(0.6);
    }
    if (id === 'fit-engagement-decay') expect(Object.keys(grades).sort()).toHaveLength(16);
  });
});
