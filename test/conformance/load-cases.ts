// Loads the conformance suite: test/conformance/*.json (rows) and flows/*.flow.json (flows
// shared by name). Pure data in, normalised rows out: no SDK import, so that every runner
// (SDK in Node, runtime over HTTP, SDK in Chromium) reads the rows the same way.
//
// A file is `{ "description": "...", "cases": [row, ...] }` (or a bare array of rows). A row is
// `[name, subject, input, expected]`:
//   condition row  subject `{ "condition": Condition }`, input `{ "facts": {...}, "now"?: time }`,
//                  expected a boolean (what checkCondition answers)
//   rule-set row   subject `{ "flow": Flow }` or `{ "flowRef": "<name>" }` (flows/<name>.flow.json),
//                  input `{ "input": EvaluationInput, "now": time, "trace"?: true }`,
//                  expected a partial EvaluationResult (objects key by key, arrays and scalars exactly)
//
// Two data shorthands keep big inputs readable; they are expanded here, before any runner
// sees a row: `{ "$repeat": <value>, "times": n }` is n copies of the value (spliced in place
// when it is an item of a list), and `{ "$repeatString": "ab", "times": n, "prefix"?: "", "suffix"?: "" }`
// is a long string.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_DIR = dirname(fileURLToPath(import.meta.url));

export interface ConditionCase {
  kind: 'condition';
  file: string;
  name: string;
  condition: unknown;
  facts: Record<string, unknown>;
  now?: string | number;
  expected: boolean;
}

export interface RuleSetCase {
  kind: 'ruleSet';
  file: string;
  name: string;
  /** Same key, same flow: runners compile (or publish) each distinct flow once. */
  flowKey: string;
  flow: Record<string, unknown>;
  input: unknown;
  now: string | number;
  trace: boolean;
  expected: unknown;
}

export type ConformanceCase = ConditionCase | RuleSetCase;

export interface ConformanceFile {
  file: string;
  description: string;
  cases: ConformanceCase[];
}

export interface Conformance {
  files: ConformanceFile[];
  /** Every distinct flow by its key (`ref:<name>` for shared flows, `inline:<file>:<row>` otherwise). */
  flows: Map<string, Record<string, unknown>>;
  cases: ConformanceCase[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** Expands `$repeat` / `$repeatString`, keeping own `__proto__` keys as plain data. */
export function expand(v: unknown, where: string): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      if (isObj(item) && Object.hasOwn(item, '$repeat')) out.push(...(expand(item, where) as unknown[]));
      else out.push(expand(item, where));
    }
    return out;
  }
  if (!isObj(v)) return v;
  if (Object.hasOwn(v, '$repeat')) {
    const n = v.times;
    if (!Number.isInteger(n) || (n as number) < 0) throw new Error(`${where}: $repeat needs "times", a whole number`);
    return Array.from({ length: n as number }, () => expand(v.$repeat, where));
  }
  if (Object.hasOwn(v, '$repeatString')) {
    const n = v.times;
    if (typeof v.$repeatString !== 'string' || !Number.isInteger(n)) throw new Error(`${where}: $repeatString needs a string and "times"`);
    return `${(v.prefix as string | undefined) ?? ''}${v.$repeatString.repeat(n as number)}${(v.suffix as string | undefined) ?? ''}`;
  }
  // Object.fromEntries defines own properties: a "__proto__" key stays data, as JSON.parse made it.
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, where)]));
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}

/** The shared flows: flows/<name>.flow.json by name. */
export function loadSharedFlows(dir = CONFORMANCE_DIR): Map<string, Record<string, unknown>> {
  const flows = new Map<string, Record<string, unknown>>();
  const fdir = join(dir, 'flows');
  let names: string[] = [];
  try {
    names = readdirSync(fdir).filter((f) => f.endsWith('.flow.json')).sort();
  } catch {
    return flows;
  }
  for (const f of names) {
    const flow = readJson(join(fdir, f));
    if (!isObj(flow)) throw new Error(`flows/${f}: a flow must be an object`);
    flows.set(f.slice(0, -'.flow.json'.length), flow);
  }
  return flows;
}

/**
 * Reads every conformance file (sorted by name) and returns normalised rows. Throws on a
 * malformed row, naming the file and the row, so a typo never silently drops a case.
 *
 * @example
 * const { cases } = loadConformance();
 * for (const c of cases) if (c.kind === 'condition') checkCondition(c.condition, c.facts, { now: c.now });
 */
export function loadConformance(dir = CONFORMANCE_DIR): Conformance {
  const shared = loadSharedFlows(dir);
  const flows = new Map<string, Record<string, unknown>>();
  const inlineByText = new Map<string, string>();
  const files: ConformanceFile[] = [];
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of names) {
    const doc = readJson(join(dir, file));
    const rows = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.cases) ? doc.cases : undefined;
    if (!rows) throw new Error(`${file}: expected { "description", "cases": [...] } or an array of rows`);
    const description = isObj(doc) && typeof doc.description === 'string' ? doc.description : '';
    const seen = new Set<string>();
    const cases: ConformanceCase[] = rows.map((row: unknown, i: number): ConformanceCase => {
      const at = `${file} row ${i}`;
      if (!Array.isArray(row) || row.length !== 4) throw new Error(`${at}: a row is [name, subject, input, expected]`);
      const [name, subject, rawInput, expectedRaw] = row as [unknown, unknown, unknown, unknown];
      if (typeof name !== 'string' || name === '') throw new Error(`${at}: the name must be a non-empty string`);
      if (seen.has(name)) throw new Error(`${at}: the name "${name}" is used twice in ${file}`);
      seen.add(name);
      const where = `${file} "${name}"`;
      if (!isObj(subject)) throw new Error(`${where}: the subject must be {condition}, {flow} or {flowRef}`);
      const input = expand(rawInput, where);
      if (!isObj(input)) throw new Error(`${where}: the input must be an object`);
      const expected = expand(expectedRaw, where);
      if (Object.hasOwn(subject, 'condition')) {
        if (typeof expected !== 'boolean') throw new Error(`${where}: a condition row expects true or false`);
        if (!isObj(input.facts)) throw new Error(`${where}: a condition row's input is { facts, now? }`);
        if (input.now !== undefined && !isTime(input.now)) throw new Error(`${where}: now must be an ISO string or epoch ms`);
        return { kind: 'condition', file, name, condition: expand(subject.condition, where), facts: input.facts, ...(input.now !== undefined ? { now: input.now } : {}), expected };
      }
      let flowKey: string;
      let flow: Record<string, unknown>;
      if (typeof subject.flowRef === 'string') {
        const f = shared.get(subject.flowRef);
        if (!f) throw new Error(`${where}: no flow flows/${subject.flowRef}.flow.json`);
        flowKey = `ref:${subject.flowRef}`;
        flow = f;
      } else if (isObj(subject.flow)) {
        flow = expand(subject.flow, where) as Record<string, unknown>;
        const text = JSON.stringify(flow);
        flowKey = inlineByText.get(text) ?? `inline:${file}:${i}`;
        inlineByText.set(text, flowKey);
      } else throw new Error(`${where}: the subject must be {condition}, {flow} or {flowRef}`);
      flows.set(flowKey, flow);
      if (!isTime(input.now)) throw new Error(`${where}: a rule-set row's input is { input, now, trace? }`);
      if (input.trace !== undefined && typeof input.trace !== 'boolean') throw new Error(`${where}: trace must be true or false`);
      if (!isObj(expected)) throw new Error(`${where}: a rule-set row expects a partial result (an object)`);
      return { kind: 'ruleSet', file, name, flowKey, flow, input: input.input, now: input.now, trace: input.trace === true, expected };
    });
    files.push({ file, description, cases });
  }
  // The HTTP runner publishes each flow under its own id: two different flows may not share one.
  const byId = new Map<unknown, string>();
  for (const [key, flow] of flows) {
    const other = byId.get(flow.id);
    if (other !== undefined) throw new Error(`flows ${other} and ${key} have the same id ${String(flow.id)}; give each flow its own id`);
    byId.set(flow.id, key);
  }
  return { files, flows, cases: files.flatMap((f) => f.cases) };
}
