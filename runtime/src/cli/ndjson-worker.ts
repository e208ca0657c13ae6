// A worker thread of `sluice simulate --threads n`: parses and evaluates batches of NDJSON
// lines, and sends back what the accumulator counts (the main thread counts in file order).
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '@sluice/schemas';
import { countedResult, evaluateInput, ndjsonInput, type CountedResult } from '@sluice/sdk';
import { jsonLineProblem } from './dataset.js';

export interface WorkerInit {
  ruleSet: RuleSet;
  now: string;
  trace: boolean;
}

export interface Batch {
  seq: number;
  rows: number[];
  lines: string[];
}

/** Per line: a bad row (not used), an input that could not be evaluated, or its result. */
export type Item = { row: number; bad: string } | { row: number; error: string } | { row: number; result: CountedResult };

const { ruleSet, now, trace } = workerData as WorkerInit;
parentPort?.on('message', (b: Batch) => {
  const items: Item[] = b.lines.map((text, i) => {
    const row = b.rows[i]!;
    const input = ndjsonInput(text, jsonLineProblem);
    if (typeof input === 'string') return { row, bad: input };
    const r = evaluateInput(ruleSet, input, now, trace);
    return typeof r === 'string' ? { row, error: r } : { row, result: countedResult(r) };
  });
  parentPort!.postMessage({ seq: b.seq, items });
});
