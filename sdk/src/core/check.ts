import type { Field, FieldType, NodeKindName, Sla } from '@sluice/schemas';
import { RESERVED_NAMES as RESERVED } from '@sluice/schemas';
import { NODE_SPECS } from './nodes/registry.js';
import { conditionIssues, conditionRefs, valueRefs } from './condition-issues.js';
import { compileExpression } from './expr/index.js';
import { OPERATORS_FOR } from './fits.js';
import { formatPath } from './normalize.js';
import { parseRef } from './ref.js';
import type { Checker } from './nodes/spec.js';
import { slaIssues } from './time/index.js';
import type { Issue } from './types.js';

type Kind = FieldType | 'any' | 'events';

// Which operators fit which kind of value (fits.ts, shared with the editor). Anything declared
// as `any` (variables, properties below an `object` field) accepts every operator.
const FITS: Record<Exclude<Kind, 'any'>, readonly string[]> = OPERATORS_FOR;

// What a fact reference used as a condition's value may read, per operator: what the operator
// compares with (docs/conditions.md). `matches` takes no reference (a pattern must be checked).
const SCALAR_KINDS: readonly Kind[] = ['string', 'number', 'boolean', 'date'];
const VALUE_KINDS: Record<string, readonly Kind[]> = {
  equal: SCALAR_KINDS, notEqual: SCALAR_KINDS, contains: SCALAR_KINDS, doesNotContain: SCALAR_KINDS,
  in: ['list', 'string'], notIn: ['list', 'string'],
  lessThan: ['number', 'string'], lessThanInclusive: ['number', 'string'], greaterThan: ['number', 'string'], greaterThanInclusive: ['number', 'string'],
  before: ['date'], after: ['date'], withinLastDays: ['number'], notWithinLastDays: ['number'],
  startsWith: ['string'], endsWith: ['string'], exists: ['boolean'],
};

/** Names a variable, score or output must never have (defs.schema.json's ReservedName). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(RESERVED);

/**
 * Every node's own checks, with the names the nodes define (scores, variables) known to all
 * of them and reserved names refused: the part of checking a flow and a rule set share.
 */
export function checkNodes(
  nodes: readonly { id: string; kind: NodeKindName; config: unknown }[],
  d: { fields: readonly Field[]; scores: readonly string[]; stages: readonly string[] },
): Issue[] {
  const issues: Issue[] = [];
  const vars = new Set<string>();
  nodes.forEach((n, i) => {
    const defined = NODE_SPECS[n.kind].defines?.(n.config as never);
    for (const name of [...(defined?.vars ?? []), ...(defined?.scores ?? [])]) {
      if (RESERVED_NAMES.has(name)) issues.push({ nodeId: n.id, path: `/nodes/${i}/config`, message: `${name} is a reserved name` });
    }
    for (const v of defined?.vars ?? []) vars.add(v);
  });
  const checker = createChecker({ fields: d.fields, scores: new Set(d.scores), vars, stages: d.stages });
  nodes.forEach((n, i) => {
    for (const issue of NODE_SPECS[n.kind].check(n.config as never, checker, `/nodes/${i}/config`)) issues.push({ nodeId: n.id, ...issue });
  });
  return issues;
}

export interface Declared {
  fields: readonly Field[];
  scores: ReadonlySet<string>;
  vars: ReadonlySet<string>;
  stages: readonly string[];
}

/** The compiler's Checker: what node kinds call to check the parts they are made of. */
export function createChecker(d: Declared): Checker {
  const byKey = new Map(d.fields.map((f) => [f.key, f]));

  const resolve = (fact: string, segs: readonly (string | number)[]): { kind: Kind } | { error: string } => {
    const name = fact + formatPath(segs).slice(1); // lead.tags[0]
    if (fact === 'events') return { kind: segs.length === 0 ? 'events' : 'any' };
    if (fact === 'scores' || fact === 'vars') {
      const set = fact === 'scores' ? d.scores : d.vars;
      const first = segs[0];
      if (typeof first !== 'string') return { error: `${name}: name the ${fact === 'scores' ? 'score' : 'variable'} (${fact}.<name>)` };
      if (!set.has(first)) {
        const known = [...set].join(', ') || 'none';
        return { error: `${name}: no node sets ${fact === 'scores' ? 'a score' : 'a variable'} named ${first} (known: ${known})` };
      }
      return { kind: fact === 'scores' && segs.length === 1 ? 'number' : 'any' };
    }
    if (fact !== 'lead' && fact !== 'account') {
      return { error: `${fact} is not a fact; conditions read lead, account, events, scores and vars` };
    }
    if (segs.length === 0) return { kind: 'object' };
    // The longest declared prefix decides: the field itself, an item of a list field, or
    // something below an object/list field (not typed any further).
    let key = fact;
    let found: Field | undefined;
    let rest = 0;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (typeof s === 'number') {
        if (found && i === segs.length - 1 && found.type === 'list') return { kind: found.itemType ?? 'any' };
        break;
      }
      key = `${key}.${s}`;
      const f = byKey.get(key);
      if (f) {
        found = f;
        rest = i + 1;
      } else if (!found) continue;
      else break;
    }
    if (!found) return { error: `${name} is not declared by the start node` };
    if (rest === segs.length) return { kind: found.type };
    if (found.type === 'object' || found.type === 'list') return { kind: 'any' };
    return { error: `${name}: ${found.key} is a ${found.type}, it has no properties` };
  };

  const refIssues = (ref: string, pointer: string, kind?: 'date'): Issue[] => {
    const r = parseRef(ref);
    if (!r) return [{ path: pointer, message: `${ref} is not a field reference` }];
    const res = resolve(r.fact, r.segments);
    if ('error' in res) return [{ path: pointer, message: res.error }];
    if (kind !== undefined && res.kind !== kind && res.kind !== 'any') return [{ path: pointer, message: `${ref} is a ${res.kind === 'events' ? 'list of events' : res.kind}, not a ${kind}` }];
    return [];
  };

  // References in values: declared, and of a kind the operator compares with.
  const valueRefIssues = (cond: unknown, pointer: string, item: boolean): Issue[] =>
    valueRefs(cond as never, pointer, item).flatMap((ref) => {
      const res = resolve(ref.fact, ref.segments);
      if ('error' in res) return [{ path: `${ref.pointer}/fact`, message: res.error }];
      const fits = VALUE_KINDS[ref.operator] ?? [];
      if (res.kind === 'any' || fits.includes(res.kind)) return [];
      const name = ref.fact + formatPath(ref.segments).slice(1);
      const kind = res.kind === 'events' ? 'list of events' : res.kind;
      return [{ path: ref.pointer, message: `${name} is a ${kind}; ${ref.operator} compares with a ${fits.join(', ').replace(/, ([^,]*)$/, ' or $1')}` }];
    });

  return {
    stages: d.stages,
    condition(cond, pointer) {
      const issues = conditionIssues(cond, pointer);
      if (issues.length > 0) return issues;
      issues.push(...valueRefIssues(cond, pointer, false));
      for (const ref of conditionRefs(cond as never, pointer)) {
        const res = resolve(ref.fact, ref.segments);
        if ('error' in res) {
          issues.push({ path: `${ref.pointer}/fact`, message: res.error });
        } else if (res.kind !== 'any' && !FITS[res.kind].includes(ref.operator)) {
          issues.push({
            path: `${ref.pointer}/operator`,
            message: `${ref.operator} does not fit a ${res.kind === 'events' ? 'list of events' : res.kind}; use one of ${FITS[res.kind].join(', ')}`,
          });
        }
      }
      return issues;
    },
    itemCondition(cond, pointer) {
      const issues = conditionIssues(cond, pointer);
      return issues.length > 0 ? issues : valueRefIssues(cond, pointer, true);
    },
    field: refIssues,
    expression(src, pointer) {
      const c = compileExpression(src);
      if (!c.ok) return c.issues.map((i) => ({ path: pointer, message: i.message }));
      return c.value.refs.flatMap((r) => refIssues(r, pointer));
    },
    sla: (sla, pointer) => slaIssues(sla as Sla, pointer),
  };
}
