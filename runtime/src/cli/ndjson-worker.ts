// A worker thread of `sluice simulate` on an NDJSON file (parallel.ts): takes chunks of whole
// lines as bytes, decodes, parses, evaluates and counts them, and sends back each chunk's
// counts (a SimulationPart: a few small arrays), which the main thread merges in file order.
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleSet } from '@sluice/schemas';
import { badRowLog, createPartCounter, type SimulationPart } from '@sluice/sdk';
import { chunkText, eachInput } from './ndjson-chunks.js';

export interface WorkerInit {
  ruleSet: RuleSet;
  now: string;
  sample: number;
}

/** A chunk of the file: its bytes (transferred), and whether it is the file's first. */
export interface Chunk {
  seq: number;
  bytes: Uint8Array;
  first: boolean;
}

/** A chunk counted: rows are numbered from the chunk's first line (1). */
export interface ChunkDone {
  seq: number;
  lines: number;
  part: SimulationPart;
  bad: { count: number; rows: { row: number; message: string }[] };
}

const { ruleSet, now, sample } = workerData as WorkerInit;
const counter = createPartCounter(ruleSet, { now, sample });
parentPort?.on('message', (c: Chunk) => {
  const { bad, add } = badRowLog();
  const { lines } = eachInput(chunkText(c.bytes, c.first), 0, (input, row) => counter.add(input, row), add);
  const done: ChunkDone = { seq: c.seq, lines, part: counter.take(), bad };
  parentPort!.postMessage(done);
});
