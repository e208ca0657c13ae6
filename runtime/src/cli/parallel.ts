// `sluice simulate` on an NDJSON file with worker threads. Parsing the lines (JSON.parse is most
// of the time on leads with events) and evaluating them happen in N workers; the main thread
// only reads the file into chunks of whole lines, hands each chunk's bytes over (transferred,
// not copied) to the worker with the least work in flight, and merges the counts each chunk
// gives back in file order — so the report is the one a single thread gives, row numbers of
// bad lines included. Chunks in flight are bounded: memory stays flat whatever the file's length.
import { Worker } from 'node:worker_threads';
import type { RuleSet } from '@sluice/schemas';
import { badRowLog, type Simulation } from '@sluice/sdk';
import type { DataSetSummary } from './dataset.js';
import { lineChunks } from './ndjson-chunks.js';
import type { Chunk, ChunkDone, WorkerInit } from './ndjson-worker.js';

/** Chunks given to a worker at once: one being worked on, one ready for when it finishes. */
const AHEAD = 2;
/** Chunks sent but not yet merged (their bytes are gone; what waits is a chunk's small counts). */
const UNMERGED = 64;

export async function simulateNdjsonInThreads(file: string, ruleSet: RuleSet, now: string, sample: number, sim: Simulation, threads: number): Promise<DataSetSummary> {
  const init: WorkerInit = { ruleSet, now, sample };
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./ndjson-worker.js', import.meta.url), { workerData: init }));
  const busy = workers.map(() => 0);
  const { bad, add } = badRowLog();
  let sent = 0;
  let merged = 0;
  let lines = 0;
  let rows = 0;
  const done = new Map<number, ChunkDone>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const onDone = (w: number, m: ChunkDone) => {
    busy[w]!--;
    done.set(m.seq, m);
    // Merge in file order: a chunk that finished early waits for the ones before it.
    for (let d = done.get(merged); d; d = done.get(merged)) {
      done.delete(merged++);
      sim.merge(d.part, lines);
      rows += d.part.inputs;
      bad.count += d.bad.count - d.bad.rows.length;
      for (const b of d.bad.rows) add(b.row + lines, b.message);
      lines += d.lines;
    }
    signal();
  };
  workers.forEach((w, i) => {
    w.on('message', (m: ChunkDone) => onDone(i, m));
    w.on('error', (e) => {
      failure ??= e;
      signal();
    });
  });
  const waitUntil = async (ok: () => boolean) => {
    while (!ok() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  try {
    for await (const bytes of lineChunks(file)) {
      await waitUntil(() => sent - merged < UNMERGED && Math.min(...busy) < AHEAD);
      const w = busy.indexOf(Math.min(...busy));
      busy[w]!++;
      const chunk: Chunk = { seq: sent, bytes, first: sent === 0 };
      workers[w]!.postMessage(chunk, [bytes.buffer as ArrayBuffer]);
      sent++;
    }
    await waitUntil(() => merged === sent);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { source: file, format: 'ndjson', rows, skipped: { count: bad.count, rows: bad.rows } };
}
