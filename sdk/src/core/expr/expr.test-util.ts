// Helpers for this folder's tests (not exported by index.ts).
import { compileExpression } from './index.js';

export const NOW = Date.UTC(2024, 0, 31); // 2024-01-31T00:00:00Z
export const DAY = 86_400_000;

export const SCOPE = {
  lead: {
    name: 'Ada Lovelace',
    email: 'ada@acme.com',
    employees: 250,
    tags: ['vip', 'eu'],
    company: { size: 'L', industry: 'saas' },
    createdAt: '2024-01-01',
    zero: 0,
    empty: '',
  },
  account: { revenue: 5_000_000 },
  events: [
    { type: 'pricing_view', at: '2024-01-30T10:00:00Z', points: 3, props: { plan: 'pro' } },
    { type: 'demo_request', at: '2024-01-29', points: 10, props: { plan: 'team' } },
    { type: 'pricing_view', at: '2024-01-20', points: 'x' },
  ],
  scores: { fit: 50, engagement: 20 },
  vars: {},
};

/** Compiles and runs; throws with the issues when the expression does not compile. */
export function ev(src: string, scope: Record<string, unknown> = SCOPE, nowMs = NOW): unknown {
  const c = compileExpression(src);
  if (!c.ok) throw new Error(c.issues.map((i) => i.message).join('; '));
  return c.value.run(scope, { nowMs });
}

/** The messages of a compile that must fail. */
export function errs(src: string): string[] {
  const c = compileExpression(src);
  if (c.ok) throw new Error(`compiled: ${src}`);
  return c.issues.map((i) => i.message);
}

export function refs(src: string): string[] {
  const c = compileExpression(src);
  if (!c.ok) throw new Error(c.issues.map((i) => i.message).join('; '));
  return c.value.refs;
}
