// A helper of the Simulate worker: one range of a generated data set per message (part-job.ts).
import { runPart, type PartAnswer, type PartRequest } from './part-job.js';

const scope = self as unknown as { postMessage(m: PartAnswer): void; onmessage: ((e: MessageEvent<PartRequest>) => void) | null };
scope.onmessage = (e) => void runPart(e.data, (m) => scope.postMessage(m));
