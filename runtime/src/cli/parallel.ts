// `sluice simulate` on an NDJSON file with worker threads: parsing each line (most of the time
// on large leads) and evaluating it happen in N workers; the main thread reads and splits the
// file, and counts the results in file order, so the report is the one a single thread gives.
// Batches in flight are bounded: memory stays flat whatever the file's length.
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { RuleSet } from '@sluice/schemas';
import { badRowLog, createLineReader, type Simulation, type TextLine } from '@sluice/sdk';
import type { DataSetSummary } from './dataset.js';
import type { Batch, Item, WorkerInit } from './ndjson-worker.js';

const BATCH = 256;
/** Batches waiting per worker: enough to keep each busy while the main thread counts. */
const AHEAD = 4;

export async function simulateNdjsonInThreads(file: string, ruleSet: RuleSet, now: string, sim: Simulation, threads: number): Promise<DataSetSummary> {
  const init: WorkerInit = { ruleSet, now, trace: sim.trace };
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./ndjson-worker.js', import.meta.url), { workerData: init }));
  const { bad, add } = badRowLog();
  let rows = 0;
  let sent = 0;
  let counted = 0;
  const done = new Map<number, Item[]>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const onResult = (m: { seq: number; items: Item[] }) => {
    done.set(m.seq, m.items);
    // Count in file order: a batch that finished early waits for the ones before it.
    for (let items = done.get(counted); items; items = done.get(counted)) {
      done.delete(counted++);
      for (const it of items) {
        if ('bad' in it) add(it.row, it.bad);
        else {
          rows++;
          sim.addResult('error' in it ? it.error : it.result, it.row);
        }
      }
    }
    signal();
  };
  for (const w of workers) {
    w.on('message', onResult);
    w.on('error', (e) => {
      failure ??= e;
      signal();
    });
  }
  const waitUntil = async (ok: () => boolean) => {
    while (!ok() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  let batch: TextLine[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await waitUntil(() => sent - counted < threads * AHEAD);
    const b: Batch = { seq: sent, rows: batch.map((l) => l.row), lines: batch.map((l) => l.text) };
    workers[sent % threads]!.postMessage(b);
    sent++;
    batch = [];
  };
  try {
    const lines = createLineReader();
    const take = async (list: TextLine[]) => {
      for (const l of list) {
        batch.push(l);
        if (batch.length === BATCH) await flush();
      }
    };
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) await take(lines.push(chunk as string));
    await take(lines.end());
    await flush();
    await waitUntil(() => counted === sent);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { source: file, format: 'ndjson', rows, skipped: { count: bad.count, rows: bad.rows } };
}
