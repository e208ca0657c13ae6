// The accumulator behind `sluice simulate`, the editor's Simulate panel and (through
// compare.ts) `sluice impact`: takes inputs one at a time, evaluates each once and counts where
// it went. Memory depends on the rule set's size, never on the number of inputs.
import type { EvaluationInput, EvaluationResult, RuleSet, SimulationReport } from '@sluice/schemas';
import { toEpochMs } from '../core/dates.js';
import { evaluate } from '../core/evaluate.js';
import { isObject, own } from '../core/util.js';
import { Histogram } from './histogram.js';
import { shapeOf, type FlowShape } from './shape.js';

export interface SimulateOptions {
  /** The evaluation time for inputs without their own `now` (ISO-8601 or epoch ms). */
  now: string | number;
  /** Keep the indexes of the first `sample` inputs per edge, outcome and node (default 0: none). */
  sample?: number;
}

/**
 * What the accumulator reads of a result: enough to count, small enough to pass between
 * threads (`countedResult`). An EvaluationResult is one.
 */
export interface CountedResult {
  path: string[];
  outcome: { nodeId: string; stage: string };
  rejected: { nodeId: string; reason: string } | null;
  grade: string | null;
  checklists: Record<string, { passed: string[]; failed: string[] } | undefined>;
  scores: Record<string, number | undefined>;
  trace?: { port?: string }[];
}

export interface Simulation {
  /**
   * Evaluates one input and counts it. Never throws: a bad input is counted as an error.
   * `row`: where the input came from in its data set (1-based), repeated in error examples.
   */
  add(input: unknown, row?: number): void;
  /**
   * Counts an input evaluated elsewhere (a worker thread) with
   * `evaluateInput(ruleSet, input, now, simulation.trace)`: its result, or its error message.
   * Inputs counted this way and by `add` share one numbering, in the order they are counted.
   */
  addResult(result: CountedResult | string, row?: number): void;
  /**
   * Adds the counts of a run of inputs made elsewhere (`createPartCounter(...).take()` in a
   * worker thread, same rule set and options) as if those inputs were added here now. Parts
   * must be merged in data-set order; `rowOffset` is added to the rows the part names (a
   * chunk of a file numbers its lines from 1). The report is the one `add` would have given.
   */
  merge(part: SimulationPart, rowOffset?: number): void;
  /** Whether results must carry the trace's ports (a node has two ports into one node). */
  readonly trace: boolean;
  /** The counts so far (a fresh object each call; adding more inputs later is fine). */
  report(): SimulationReport;
}

/**
 * What a part counter counted (plain data: it crosses threads by postMessage). Indexes count
 * from the part's first input, rows are the ones its caller gave. Scores are kept as values,
 * in input order, so that merging gives the very histogram (and mean) one pass would.
 */
export interface SimulationPart {
  /** Inputs added: leads + errors. */
  inputs: number;
  leads: number;
  errors: SimulationReport['errors'];
  entered: number[];
  edges: number[];
  loose: [string, number][];
  stages: [string, number][];
  outcomes: [string, number][];
  rejects: [string, number][];
  grades: [string, number][];
  /** passed, failed per checklist item, in the flow's order. */
  checklists: number[];
  scores: number[][];
  samples: Record<SampleKind, [string, number[]][]> | null;
}

export interface PartCounter {
  /** As Simulation.add. */
  add(input: unknown, row?: number): void;
  /** The counts since the last take, and a fresh start. */
  take(): SimulationPart;
}

/**
 * Counts a part of a data set for another thread's simulation to merge (`Simulation.merge`):
 * a worker evaluates and counts its chunk, and sends back a few arrays instead of a result per lead.
 *
 * @example
 * const part = createPartCounter(ruleSet, { now });
 * for (const [i, input] of chunk.entries()) part.add(input, i + 1);
 * postMessage(part.take());
 * @throws {RuleSetError} when the rule set is malformed.
 */
export function createPartCounter(ruleSet: RuleSet, opts: SimulateOptions): PartCounter {
  if (toEpochMs(opts?.now) === undefined) throw new TypeError('simulate: opts.now must be an ISO-8601 date-time or epoch milliseconds');
  const shape = shapeOf(ruleSet);
  const sample = Math.max(0, Math.floor(opts.sample ?? 0));
  let c = new Counts(ruleSet, shape, sample, true);
  let index = 0;
  return {
    add(input, row) {
      const i = index++;
      const r = evaluateInput(ruleSet, input, opts.now, shape.ambiguous);
      if (typeof r === 'string') c.errors.add(i, r, row);
      else c.count(r, i);
    },
    take() {
      const part = c.part(index);
      c = new Counts(ruleSet, shape, sample, true);
      index = 0;
      return part;
    },
  };
}

/** At most this many error examples are kept. */
export const MAX_ERROR_EXAMPLES = 20;

/** Counts errors and keeps the first few with their input index. */
export class ErrorLog {
  count = 0;
  examples: SimulationReport['errors']['examples'] = [];
  add(index: number, message: string, row?: number): void {
    this.count++;
    if (this.examples.length < MAX_ERROR_EXAMPLES) this.examples.push(row === undefined ? { index, message } : { index, row, message });
  }
  report(): SimulationReport['errors'] {
    return { count: this.count, examples: this.examples.map((e) => ({ ...e })) };
  }
}

/**
 * Evaluates an input of a data set: at its own `now` when it carries one (the example
 * generator's lines do), else at `now`. Any throw (a `now` the engine refuses) becomes a message.
 */
export function evaluateInput(ruleSet: RuleSet, input: unknown, now: string | number, trace: boolean): EvaluationResult | string {
  if (!isObject(input)) return `not an object (${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input})`;
  const given = own(input, 'now');
  const at = typeof given === 'string' || typeof given === 'number' ? given : now;
  try {
    return evaluate(ruleSet, input as unknown as EvaluationInput, { now: at, trace });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The part of a result the accumulator reads (what a worker thread sends back). */
export function countedResult(r: EvaluationResult): CountedResult {
  const out: CountedResult = {
    path: r.path,
    outcome: { nodeId: r.outcome.nodeId, stage: r.outcome.stage },
    rejected: r.rejected && { nodeId: r.rejected.nodeId, reason: r.rejected.reason },
    grade: r.grade,
    checklists: {},
    scores: r.scores,
  };
  for (const id in r.checklists) out.checklists[id] = { passed: r.checklists[id]!.passed, failed: r.checklists[id]!.failed };
  if (r.trace) out.trace = r.trace.map((t) => (t.port === undefined ? {} : { port: t.port }));
  return out;
}

/**
 * Starts a simulation of a rule set: add inputs one by one, read the report at any time.
 *
 * @example
 * const sim = createSimulation(ruleSet, { now: '2026-11-23T10:00:00Z' });
 * for (const input of inputs) sim.add(input);
 * sim.report().edges['icp.reject']; // leads the ICP gate rejected
 * @throws {RuleSetError} when the rule set is malformed.
 * @throws {TypeError} when `opts.now` is not a date.
 */
export function createSimulation(ruleSet: RuleSet, opts: SimulateOptions): Simulation {
  if (toEpochMs(opts?.now) === undefined) throw new TypeError('simulate: opts.now must be an ISO-8601 date-time or epoch milliseconds');
  const shape = shapeOf(ruleSet);
  const c = new Counts(ruleSet, shape, Math.max(0, Math.floor(opts.sample ?? 0)));
  let index = 0;
  const addResult = (r: CountedResult | string, row?: number) => {
    const i = index++;
    if (typeof r === 'string') c.errors.add(i, r, row);
    else c.count(r, i);
  };
  return {
    add: (input, row) => addResult(evaluateInput(ruleSet, input, opts.now, shape.ambiguous), row),
    addResult,
    merge(part, rowOffset = 0) {
      c.merge(part, index, rowOffset);
      index += part.inputs;
    },
    trace: shape.ambiguous,
    report: () => c.report(),
  };
}

/**
 * Simulates a whole data set at once.
 *
 * @example
 * const report = simulate(ruleSet, inputs, { now: '2026-11-23T10:00:00Z' });
 * report.stages.MQL; // leads that ended as MQL
 * @throws {RuleSetError} when the rule set is malformed.
 */
export function simulate(ruleSet: RuleSet, inputs: Iterable<unknown>, opts: SimulateOptions): SimulationReport {
  const sim = createSimulation(ruleSet, opts);
  for (const input of inputs) sim.add(input);
  return sim.report();
}

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

type SampleKind = 'edges' | 'outcomes' | 'nodes';

/** A part's score values, in order (Histogram.add does the rest when the part is merged). */
class Values {
  values: number[] = [];
  add(v: number): void {
    this.values.push(v);
  }
}

function histogramOf(h: Histogram | Values): Histogram {
  if (h instanceof Histogram) return h;
  const out = new Histogram();
  for (const v of h.values) out.add(v);
  return out;
}

/** The counters, keyed by what the report shows; per node and edge in arrays (the hot path). */
class Counts {
  leads = 0;
  errors = new ErrorLog();
  private nodeIndex = new Map<string, number>();
  private entered: number[];
  /** Per node (by index): target id → edge index, or -1 when two ports lead there. */
  private edgeTo: Map<string, number>[];
  private edgeNames: string[];
  private edgeCounts: number[];
  /** Ports taken that lead nowhere (a gate's unconnected reject), by `source.port`. */
  private loose = new Map<string, number>();
  private stages = new Map<string, number>();
  private outcomes = new Map<string, number>();
  private rejects = new Map<string, number>();
  private grades = new Map<string, number>();
  private checklists = new Map<string, Map<string, { passed: number; failed: number }>>();
  private histograms: { name: string; h: Histogram | Values }[] = [];
  /** Per node (by index): the histogram it adds to (a score node), else -1. */
  private scoredBy: number[];
  /** Per histogram: the last lead counted, so a lead passing two score nodes counts once. */
  private lastLead: number[];
  private samples?: { edges: Map<string, number[]>; outcomes: Map<string, number[]>; nodes: Map<string, number[]> };

  constructor(
    ruleSet: RuleSet,
    private readonly shape: FlowShape,
    private readonly sample: number,
    /** A part counter's: scores kept as values, for `part`. */
    keepValues = false,
  ) {
    shape.nodes.forEach((id, i) => this.nodeIndex.set(id, i));
    this.entered = shape.nodes.map(() => 0);
    this.edgeNames = [...shape.edges];
    this.edgeCounts = shape.edges.map(() => 0);
    this.edgeTo = shape.nodes.map((id) => {
      const m = new Map<string, number>();
      for (const [target, port] of shape.portTo.get(id) ?? []) m.set(target, port === null ? -1 : this.edgeNames.indexOf(`${id}.${port}`));
      return m;
    });
    for (const s of [...ruleSet.stages, ruleSet.rejectStage]) this.stages.set(s, 0);
    for (const name of shape.thresholds.keys()) this.histograms.push({ name, h: keepValues ? new Values() : new Histogram() });
    this.lastLead = this.histograms.map(() => -1);
    this.scoredBy = shape.nodes.map(() => -1);
    for (const node of ruleSet.nodes) {
      if (node.kind === 'outcome') this.outcomes.set(node.id, 0);
      if (node.kind === 'gate') this.rejects.set(node.config.reason, 0);
      if (node.kind === 'score') this.scoredBy[this.nodeIndex.get(node.id)!] = this.histograms.findIndex((x) => x.name === node.config.score);
    }
    for (const [id, items] of shape.checklistItems) this.checklists.set(id, new Map(items.map((it) => [it, { passed: 0, failed: 0 }])));
    if (sample > 0) this.samples = { edges: new Map(), outcomes: new Map(), nodes: new Map() };
  }

  count(r: CountedResult, index: number): void {
    const lead = this.leads++;
    const path = r.path;
    for (let i = 0; i < path.length; i++) {
      const id = path[i]!;
      const n = this.nodeIndex.get(id)!;
      this.entered[n]!++;
      const h = this.scoredBy[n]!;
      if (h >= 0 && this.lastLead[h] !== lead) {
        this.lastLead[h] = lead;
        const { name, h: hist } = this.histograms[h]!;
        hist.add(r.scores[name] ?? 0);
      }
      if (i + 1 < path.length) {
        let e = this.edgeTo[n]!.get(path[i + 1]!) ?? -1;
        // Two ports to one node: only the trace (asked for in that case) tells which.
        if (e < 0) e = this.edgeNames.indexOf(`${id}.${r.trace?.[i]?.port}`);
        if (e >= 0) {
          this.edgeCounts[e]!++;
          if (this.samples) this.keep('edges', this.edgeNames[e]!, index);
        }
      } else if (this.shape.kinds.get(id) === 'gate' && r.rejected?.nodeId === id && r.outcome.nodeId === id) {
        // A flow that ends on a gate left it by its unconnected reject port.
        const edge = `${id}.reject`;
        bump(this.loose, edge);
        if (this.samples) this.keep('edges', edge, index);
      }
      if (this.samples) this.keep('nodes', id, index);
    }
    bump(this.stages, r.outcome.stage);
    bump(this.outcomes, r.outcome.nodeId);
    if (this.samples) this.keep('outcomes', r.outcome.nodeId, index);
    if (r.rejected) bump(this.rejects, r.rejected.reason);
    if (this.shape.hasGrade && r.grade !== null) bump(this.grades, r.grade);
    for (const id in r.checklists) {
      const items = this.checklists.get(id);
      if (!items) continue;
      const res = r.checklists[id]!;
      for (const it of res.passed) items.get(it)!.passed++;
      for (const it of res.failed) items.get(it)!.failed++;
    }
  }

  /** The counts as a part (`inputs`: how many inputs were added, errors included). */
  part(inputs: number): SimulationPart {
    const list = (m: Map<string, number>) => [...m];
    const checklists: number[] = [];
    for (const items of this.checklists.values()) for (const c of items.values()) checklists.push(c.passed, c.failed);
    const s = this.samples;
    return {
      inputs,
      leads: this.leads,
      errors: this.errors.report(),
      entered: this.entered,
      edges: this.edgeCounts,
      loose: list(this.loose),
      stages: list(this.stages),
      outcomes: list(this.outcomes),
      rejects: list(this.rejects),
      grades: list(this.grades),
      checklists,
      scores: this.histograms.map(({ h }) => (h instanceof Values ? h.values : [])),
      samples: s ? { edges: [...s.edges], outcomes: [...s.outcomes], nodes: [...s.nodes] } : null,
    };
  }

  /** Adds a part whose first input is input number `at` here; its rows move by `rowOffset`. */
  merge(p: SimulationPart, at: number, rowOffset: number): void {
    this.leads += p.leads;
    this.errors.count += p.errors.count - p.errors.examples.length;
    for (const e of p.errors.examples) this.errors.add(at + e.index, e.message, e.row === undefined ? undefined : e.row + rowOffset);
    p.entered.forEach((n, i) => (this.entered[i]! += n));
    p.edges.forEach((n, i) => (this.edgeCounts[i]! += n));
    for (const [k, n] of p.loose) bump(this.loose, k, n);
    for (const [k, n] of p.stages) bump(this.stages, k, n);
    for (const [k, n] of p.outcomes) bump(this.outcomes, k, n);
    for (const [k, n] of p.rejects) bump(this.rejects, k, n);
    for (const [k, n] of p.grades) bump(this.grades, k, n);
    let i = 0;
    for (const items of this.checklists.values()) {
      for (const c of items.values()) {
        c.passed += p.checklists[i++]!;
        c.failed += p.checklists[i++]!;
      }
    }
    p.scores.forEach((values, h) => {
      const sink = this.histograms[h]!.h;
      for (const v of values) sink.add(v);
    });
    if (this.samples && p.samples) {
      for (const kind of ['edges', 'outcomes', 'nodes'] as const) for (const [key, list] of p.samples[kind]) for (const index of list) this.keep(kind, key, at + index);
    }
  }

  private keep(kind: SampleKind, key: string, index: number): void {
    const m = this.samples![kind];
    let list = m.get(key);
    if (!list) m.set(key, (list = []));
    if (list.length < this.sample) list.push(index);
  }

  report(): SimulationReport {
    const obj = <T, U = T>(m: Map<string, T>, f: (v: T) => U = (v) => v as unknown as U): Record<string, U> => Object.fromEntries([...m].map(([k, v]) => [k, f(v)]));
    const report: SimulationReport = {
      leads: this.leads,
      errors: this.errors.report(),
      stages: obj(this.stages),
      outcomes: obj(this.outcomes),
      nodes: Object.fromEntries(this.shape.nodes.map((id, i) => [id, { entered: this.entered[i]! }])),
      edges: { ...Object.fromEntries(this.edgeNames.map((e, i) => [e, this.edgeCounts[i]!])), ...obj(this.loose) },
      rejects: obj(this.rejects),
      checklists: obj(this.checklists, (items) => obj(items, (c) => ({ ...c }))),
      // A part counter's values become a histogram here only if someone asks it for a report.
      scores: Object.fromEntries(this.histograms.map(({ name, h }) => [name, histogramOf(h).report([...(this.shape.thresholds.get(name) ?? [])])])),
      grades: this.shape.hasGrade ? obj(this.grades) : null,
    };
    if (this.samples) {
      const s = this.samples;
      report.samples = { edges: obj(s.edges, (l) => [...l]), outcomes: obj(s.outcomes, (l) => [...l]), nodes: obj(s.nodes, (l) => [...l]) };
    }
    return report;
  }
}
