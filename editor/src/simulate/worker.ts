// The Simulate panel's Web Worker: the runner, wired to postMessage. Everything heavy (making
// or reading the data set, evaluating every lead) happens here, off the page's main thread.
import type { FromWorker, ToWorker } from './protocol.js';
import { createRunner } from './runner.js';

const scope = self as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const runner = createRunner((m) => scope.postMessage(m));
scope.onmessage = (e) => void runner.handle(e.data);
