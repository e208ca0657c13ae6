// The example templates: each flow is a valid document that compiles, and each of its cases
// (hand-computed expectations) passes on the engine. The cases must also reach every outcome
// and make every gate reject, so no branch of a template goes untested.
import { describe, expect, it } from 'vitest';
import { validateCasesFile, validateFlow } from '../../schemas/dist/validators.js';
import { compile, runCases, stringifyDocument } from '../../sdk/src/index.js';
import { flowFilesOnDisk, loadTemplate, nodesOfKind, TEMPLATE_IDS } from './templates.js';

describe('examples/', () => {
  it('holds exactly the known templates, each with a cases file', () => {
    expect(flowFilesOnDisk()).toEqual([...TEMPLATE_IDS].sort());
  });
});

describe.each(TEMPLATE_IDS)('template %s', (id) => {
  const t = loadTemplate(id);

  it('is a valid flow document (schema)', () => {
    const ok = validateFlow(t.flow);
    expect(validateFlow.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(t.flow.id).toBe(id);
    expect(t.flow.schemaVersion).toBe(1);
    expect(t.flow.version).toBe(1);
  });

  it('is laid out for the editor: every node has a label and a position, top to bottom', () => {
    const byId = new Map(t.flow.nodes.map((n) => [n.id, n]));
    for (const n of t.flow.nodes) {
      expect(n.label, n.id).toBeTruthy();
      expect(n.position, n.id).toBeDefined();
    }
    // every edge points downwards, and no two nodes share a spot
    for (const e of t.flow.edges) {
      expect(byId.get(e.target)!.position!.y, `${e.source} → ${e.target}`).toBeGreaterThan(byId.get(e.source)!.position!.y);
    }
    const spots = t.flow.nodes.map((n) => `${n.position!.x},${n.position!.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('is stored as Sluice writes files (stable key order, 2-space, trailing newline)', () => {
    expect(t.flowText).toBe(stringifyDocument(t.flow));
    expect(t.casesText).toBe(stringifyDocument(t.cases));
  });

  it('compiles without errors or warnings, deterministically', () => {
    const a = compile(t.flow);
    if (!a.ok) expect.fail(JSON.stringify(a.errors, null, 2));
    expect(a.warnings).toEqual([]);
    const b = compile(JSON.parse(t.flowText));
    expect(b.ok && b.ruleSet.hash).toBe(a.ruleSet.hash);
    expect(stringifyDocument(b.ok && b.ruleSet)).toBe(stringifyDocument(a.ruleSet));
  });

  it('gives every gate its own reason code', () => {
    const reasons = t.flow.nodes.flatMap((n) => (n.kind === 'gate' ? [n.config.reason] : []));
    expect(new Set(reasons).size).toBe(reasons.length);
  });

  it('has a valid cases file with at least 12 cases for this rule set', () => {
    const ok = validateCasesFile(t.cases);
    expect(validateCasesFile.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(t.cases.ruleSet).toBe(id);
    expect(t.cases.cases.length).toBeGreaterThanOrEqual(12);
    const names = t.cases.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  const compiled = compile(t.flow);
  const reports = compiled.ok ? runCases(compiled.ruleSet, t.cases) : [];

  it.each(t.cases.cases.map((c, i) => [c.name, i] as const))('case: %s', (_name, i) => {
    expect(compiled.ok).toBe(true);
    const r = reports[i]!;
    expect(r.diffs).toEqual([]);
    expect(r.pass).toBe(true);
  });

  it('cases reach every outcome and make every gate reject', () => {
    expect(compiled.ok).toBe(true);
    const outcomes = new Set(reports.map((r) => r.result.outcome.nodeId));
    const rejectedAt = new Set(reports.flatMap((r) => (r.result.rejected ? [r.result.rejected.nodeId] : [])));
    for (const o of nodesOfKind(t.flow, 'outcome')) expect(outcomes, `outcome ${o}`).toContain(o);
    for (const g of nodesOfKind(t.flow, 'gate')) expect(rejectedAt, `gate ${g}`).toContain(g);
    for (const c of nodesOfKind(t.flow, 'checklist')) {
      const met = new Set(reports.map((r) => r.result.checklists[c]?.met).filter((m) => m !== undefined));
      expect(met, `checklist ${c} passes and fails`).toEqual(new Set([true, false]));
    }
  });
});
