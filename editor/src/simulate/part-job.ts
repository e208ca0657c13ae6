// A helper worker's job (part-worker.ts): makes a range of a generated data set's leads and
// counts them with the SDK's part counter, in time slices with progress, and sends back the
// part for the Simulate worker to merge in order. Plain module, so tests run it in-process.
import type { RuleSet } from '@sluice/schemas';
import { createPartCounter, iterateLeads, type SimulationPart } from '@sluice/sdk';
import { sliced } from './slices.js';

/** Leads `from` (0-based) up to `to` of the generated data set of `seed`, through `ruleSet`. */
export interface PartRequest {
  ruleSet: RuleSet;
  now: string;
  sample: number;
  seed: number;
  from: number;
  to: number;
}

export type PartAnswer = { type: 'progress'; done: number } | { type: 'part'; part: SimulationPart } | { type: 'failed'; message: string };

/**
 * Runs one request, posting progress after each slice and the part at the end. A job is
 * stopped by terminating its worker (nothing else is asked of it).
 */
export async function runPart(req: PartRequest, post: (m: PartAnswer) => void): Promise<void> {
  try {
    const counter = createPartCounter(req.ruleSet, { now: req.now, sample: req.sample });
    await sliced(iterateLeads({ count: req.to, seed: req.seed, from: req.from }), (lead) => counter.add(lead), {
      onSlice: (done) => post({ type: 'progress', done }),
      stopped: () => false,
    });
    post({ type: 'part', part: counter.take() });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
