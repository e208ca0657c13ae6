// The conditions of one node with each field they read read once, for servers scoring many
// leads: a score node's attribute rules and a table's rows often test the same few fields
// (seniority three times, a score in every row of a grade table). Sound because a node's
// conditions all run before the node writes anything (a score node adds its total at the end, a
// table writes its outputs after picking its rows) and evaluation never writes lead, account or
// events. The browser bundles put shared-reads.off.ts in its place (the general path, less code);
// test/differential/shared-reads.test.ts compares the two.
import type { Condition } from '@sluice/schemas';
import { isFactRef } from './condition-issues.js';
import { fastGroup, fastRead, fastTest } from './leaf-fast.js';
import { parsePath } from './path.js';
import type { Facts, Predicate } from './types.js';

/** Whether this build shares reads (the browser bundles' shared-reads.off.ts says false). */
export const SHARED_READS = true;

/** A node's conditions over values read once per run of the node. */
export interface SharedReads {
  /** Reads every field the conditions test; call once per run, before any of `holds`. */
  load(f: Facts): void;
  /** One predicate per condition, in order, over the values of the last `load`. */
  holds: Predicate[];
}

// What a read that threw leaves in its slot: every leaf on it is false, as a fenced leaf is.
const THREW = {};
const has = (o: object, k: string) => Object.hasOwn(o, k);

/**
 * The conditions compiled over shared reads, or `undefined` when no field is tested twice
 * (nothing to share). Leaves that are not literal tests of a field (fact references, some/
 * every/count, dates, patterns) take `general`, the way compileCondition compiles them.
 *
 * @example
 * const rows = sharedReads(table.rows.map((r) => r.when), compileCondition);
 * rows?.load(facts); rows?.holds[0](facts, ctx);
 */
export function sharedReads(conds: readonly Condition[], general: (c: Condition) => Predicate): SharedReads | undefined {
  const slots = new Map<string, number>();
  const reads: ((f: unknown) => unknown)[] = [];
  const vals: unknown[] = [];
  let leaves = 0;

  function compile(cond: Condition): Predicate {
    const c = cond as unknown as Record<string, unknown>;
    // As compileIn (condition.ts): any, then all, then not; an empty any or all holds.
    if (has(c, 'any') || has(c, 'all')) {
      const any = has(c, 'any');
      const parts = (any ? c.any : c.all) as Condition[];
      // An `all` of plain leaves (a row of a grade table) tests its values in one loop.
      const plain = any ? undefined : parts.map(plainLeaf);
      if (plain && plain.length > 1 && plain.every((p) => p !== undefined)) {
        const slotOf = plain.map((p) => p!.slot);
        const tests = plain.map((p) => p!.test);
        leaves += plain.length;
        return () => {
          for (let i = 0; i < tests.length; i++) {
            const v = vals[slotOf[i]!];
            if (v === THREW) return false;
            try {
              if (!tests[i]!(v)) return false;
            } catch {
              return false;
            }
          }
          return true;
        };
      }
      const ps = parts.map(compile);
      if (ps.length === 0) return () => true;
      return fastGroup(ps, any);
    }
    if (has(c, 'not')) {
      const p = compile(c.not as Condition);
      return (f, x) => !p(f, x);
    }
    const leaf = plainLeaf(cond);
    if (!leaf) return general(cond);
    leaves++;
    const { slot: j, test } = leaf;
    return () => {
      const v = vals[j];
      if (v === THREW) return false;
      try {
        return test(v);
      } catch {
        return false;
      }
    };
  }

  // A leaf testing a field against a literal: its slot (the field read once) and its test.
  function plainLeaf(cond: Condition): { slot: number; test: (a: unknown) => boolean } | undefined {
    const c = cond as unknown as Record<string, unknown>;
    if (has(c, 'any') || has(c, 'all') || has(c, 'not')) return undefined;
    const test = isFactRef(c.value) ? undefined : fastTest(c.operator as string, c.value);
    if (!test) return undefined;
    const fact = c.fact as string;
    const segs = parsePath(typeof c.path === 'string' ? c.path : '') ?? [];
    const key = JSON.stringify([fact, segs]);
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = reads.length;
      slots.set(key, slot);
      reads.push(fastRead(fact, segs, false));
      vals.push(undefined);
    }
    return { slot, test };
  }

  const holds = conds.map(compile);
  if (leaves <= reads.length) return undefined;
  return {
    load(f) {
      for (let j = 0; j < reads.length; j++) {
        try {
          vals[j] = reads[j]!(f);
        } catch {
          vals[j] = THREW;
        }
      }
    },
    holds,
  };
}
