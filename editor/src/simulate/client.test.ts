import { describe, expect, it } from 'vitest';
import type { RuleSet } from '@sluice/schemas';
import { compile } from '@sluice/sdk';
import waterfall from '../../../examples/waterfall-6-layer.flow.json';
import { createSimulator, type Progress, type WorkerLike } from './client.js';
import { GENERATED_NOW } from './datasets.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { createRunner } from './runner.js';

const compiled = compile(waterfall);
if (!compiled.ok) throw new Error('waterfall does not compile');
const ruleSet: RuleSet = compiled.ruleSet;

/** A worker that runs the real runner in this thread, delivering messages asynchronously like a worker. */
function inProcessWorker(log: { spawned: number; terminated: number }): WorkerLike {
  log.spawned++;
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(m: ToWorker) {
      queueMicrotask(() => void runner.handle(structuredClone(m)));
    },
    terminate() {
      log.terminated++;
    },
  };
  const runner = createRunner((m: FromWorker) => queueMicrotask(() => w.onmessage?.({ data: m } as MessageEvent<FromWorker>)));
  return w;
}

describe('the simulator client', () => {
  it('resolves a run with its report and reports progress on the way', async () => {
    const log = { spawned: 0, terminated: 0 };
    const sim = createSimulator(() => inProcessWorker(log));
    const progress: Progress[] = [];
    const r = await sim.simulate({ kind: 'generated', count: 500, seed: 1 }, ruleSet, GENERATED_NOW, 3, (p) => progress.push(p));
    expect(r.status).toBe('done');
    expect(r.status === 'done' && r.report.leads).toBe(500);
    // generated leads are made while they are simulated: one phase
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.phase === 'simulating')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'simulating', done: 500, total: 500 });
    const leads = await sim.leads({ kind: 'generated', count: 500, seed: 1 }, [0, 7]);
    expect(leads.map((l) => l.index)).toEqual([0, 7]);
    expect(log.spawned).toBe(1);
    sim.dispose();
    expect(log.terminated).toBe(1);
  });

  it('cancels the running simulation', async () => {
    const sim = createSimulator(() => inProcessWorker({ spawned: 0, terminated: 0 }));
    const running = sim.simulate({ kind: 'generated', count: 30_000, seed: 1 }, ruleSet, GENERATED_NOW, 0, () => {});
    setTimeout(() => sim.cancel(), 20);
    expect(await running).toEqual({ status: 'cancelled' });
  });

  it('fails what was asked when the worker crashes, and starts a new worker for the next call', async () => {
    const log = { spawned: 0, terminated: 0 };
    let crash = true;
    const sim = createSimulator(() => {
      const w = inProcessWorker(log);
      if (crash) {
        crash = false;
        w.postMessage = () => queueMicrotask(() => w.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent));
      }
      return w;
    });
    const r = await sim.simulate({ kind: 'generated', count: 10, seed: 1 }, ruleSet, GENERATED_NOW, 0, () => {});
    expect(r).toEqual({ status: 'failed', message: 'The simulation stopped: out of memory' });
    const again = await sim.simulate({ kind: 'generated', count: 10, seed: 1 }, ruleSet, GENERATED_NOW, 0, () => {});
    expect(again.status).toBe('done');
    expect(log).toEqual({ spawned: 2, terminated: 1 });
  });
});
