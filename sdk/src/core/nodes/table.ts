import type { RuleTableNode, TableConfig, TableOutput } from '@sluice/schemas';
import { compileCondition } from '../condition.js';
import { SHARED_READS, sharedReads } from '../shared-reads.js';
import type { Issue } from '../types.js';
import { copyJson } from '../util.js';
import { defineKind, type NodeRun, type NodeSpec } from './spec.js';
import { TRACE } from '../trace.js';

/** Evaluation's part of the table kind. */
export const tableRun: NodeRun<TableConfig> = {
  ports: (config) => (config.ports && config.ports.length > 0 ? [...config.ports] : ['next']),
  build(node: RuleTableNode) {
    const { hitPolicy, outputs } = node.config;
    // Servers read each field the rows test once per lead (shared-reads.ts).
    const shared = SHARED_READS && sharedReads(node.config.rows.map((r) => r.when), compileCondition);
    const rows = node.config.rows.map((r, i) => ({ holds: shared ? shared.holds[i]! : compileCondition(r.when), values: (r.values ?? {}) as Record<string, unknown>, port: r.port }));
    const fallback = node.config.default;
    return (s) => {
      const vars = s.facts.vars;
      if (shared) shared.load(s.facts);
      if (hitPolicy === 'first') {
        // A loop, not findIndex: that would allocate a callback per lead.
        let i = 0;
        while (i < rows.length && !rows[i]!.holds(s.facts, s.ctx)) i++;
        const hit = rows[i];
        const values: Record<string, unknown> = hit ? hit.values : (fallback?.values ?? {});
        for (const o of outputs) if (Object.hasOwn(values, o.name)) vars[o.name] = values[o.name];
        const port = (hit ? hit.port : fallback?.port) ?? 'next';
        if (TRACE && s.tracing) {
          const label = hit && node.config.rows[i]!.label;
          s.step.summary = hit ? `row ${i + 1}${label ? ` (${label})` : ''} matched` : 'no row matched: default';
          s.step.values = pick(vars, outputs);
        }
        return port;
      }
      const matched = rows.filter((r) => r.holds(s.facts, s.ctx));
      for (const o of outputs) {
        const vals = matched.map((r) => r.values[o.name]).filter((v) => v !== undefined);
        vars[o.name] = matched.length === 0 && fallback?.values && Object.hasOwn(fallback.values, o.name) ? (fallback.values as Record<string, unknown>)[o.name] : aggregate(o, vals);
      }
      if (TRACE && s.tracing) {
        s.step.summary = `${matched.length} of ${rows.length} rows matched`;
        s.step.values = pick(vars, outputs);
      }
      return 'next';
    };
  },
};

/**
 * A decision table. Hit policy `first`: the first matching row sets its values and leaves by
 * its port. `collect`: every matching row counts, and each output is aggregated.
 */
export const table: NodeSpec<TableConfig> = /* @__PURE__ */ defineKind(tableRun, {
  kind: 'table',
  defines: (config) => ({ vars: config.outputs.map((o) => o.name) }),
  check(config, c, pointer) {
    const issues: Issue[] = [];
    const outputs = new Set<string>();
    config.outputs.forEach((o, i) => {
      if (outputs.has(o.name)) issues.push({ path: `${pointer}/outputs/${i}/name`, message: `output ${o.name} is declared twice` });
      outputs.add(o.name);
    });
    const ported = !!config.ports && config.ports.length > 0;
    if (ported && config.hitPolicy === 'collect') {
      issues.push({ path: `${pointer}/ports`, message: 'a collect table has the single port next; use hit policy first to route' });
    }
    const portOk = (port: string | undefined, p: string, required: boolean) => {
      if (port === undefined) {
        if (required) issues.push({ path: p, message: 'is required: this table routes by port' });
      } else if (!ported) issues.push({ path: p, message: `the table declares no ports; ${port} is not one` });
      else if (!config.ports!.includes(port)) issues.push({ path: p, message: `${port} is not one of the table's ports (${config.ports!.join(', ')})` });
    };
    const valuesOk = (values: Record<string, unknown> | undefined, p: string) => {
      for (const k of Object.keys(values ?? {})) {
        if (!outputs.has(k)) issues.push({ path: `${p}/${k}`, message: `${k} is not a declared output` });
      }
    };
    config.rows.forEach((row, i) => {
      issues.push(...c.condition(row.when, `${pointer}/rows/${i}/when`));
      portOk(row.port, `${pointer}/rows/${i}/port`, ported);
      valuesOk(row.values, `${pointer}/rows/${i}/values`);
    });
    if (ported && !config.default) issues.push({ path: `${pointer}/default`, message: 'is required: where does a lead go when no row matches?' });
    if (config.default) {
      portOk(config.default.port, `${pointer}/default/port`, ported);
      valuesOk(config.default.values, `${pointer}/default/values`);
    }
    return issues;
  },
});

function aggregate(o: TableOutput, vals: unknown[]): unknown {
  const nums = vals.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  switch (o.aggregate ?? 'list') {
    case 'sum':
      return nums.reduce((a, b) => a + b, 0);
    case 'min':
      return nums.length ? nums.reduce((a, b) => Math.min(a, b)) : null;
    case 'max':
      return nums.length ? nums.reduce((a, b) => Math.max(a, b)) : null;
    case 'count':
      return vals.length;
    default:
      return vals;
  }
}

function pick(vars: Record<string, unknown>, outputs: TableOutput[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A copy: the values may be the rule set's own objects, and a result must not share them.
  for (const o of outputs) if (Object.hasOwn(vars, o.name)) out[o.name] = copyJson(vars[o.name], 1000);
  return out;
}
