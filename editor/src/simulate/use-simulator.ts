import { useEffect, useState } from 'react';
import { createSimulator, type Simulator, type WorkerLike } from './client.js';

function spawn(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'sluice-simulate' }) as unknown as WorkerLike;
}

/** One simulator (one worker, started on first use) for as long as the panel lives. */
export function useSimulator(): Simulator {
  const [sim] = useState(() => createSimulator(spawn));
  useEffect(() => () => sim.dispose(), [sim]);
  return sim;
}
