// The Simulate panel's Web Worker: the runner, wired to postMessage. Everything heavy (making
// or reading the data set, evaluating every lead) happens here, off the page's main thread;
// generated data sets in helper workers too, one per core (up to 4), when there is more than one.
import type { FromWorker, ToWorker } from './protocol.js';
import { createRunner, type HelperLike } from './runner.js';

const scope = self as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
const spawn = () => new Worker(new URL('./part-worker.ts', import.meta.url), { type: 'module', name: 'sluice-simulate-part' }) as unknown as HelperLike;
const runner = createRunner((m) => scope.postMessage(m), undefined, typeof Worker === 'function' ? { spawn, count: Math.min(cores, 4) } : undefined);
scope.onmessage = (e) => void runner.handle(e.data);
