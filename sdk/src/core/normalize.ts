import type { Condition } from '@sluice/schemas';
import { parsePath } from './path.js';
import { isObject } from './util.js';

/** Writes a parsed path back in one canonical spelling: `$.company.employees`, `$.tags[0]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return `$${segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
}

/**
 * The rule set's form of a condition: every path spelt canonically, sub-conditions of
 * some/every/count/distinctCount included. Nothing else changes, so a normalised condition
 * still means the same to json-rules-engine.
 */
export function normalizeCondition(c: Condition): Condition {
  if ('all' in c) return { ...c, all: c.all.map(normalizeCondition) };
  if ('any' in c) return { ...c, any: c.any.map(normalizeCondition) };
  if ('not' in c) return { ...c, not: normalizeCondition(c.not) };
  const out = { ...c };
  if (typeof c.path === 'string') {
    const segs = parsePath(c.path);
    if (segs) out.path = formatPath(segs);
  }
  const v = c.value;
  if ((c.operator === 'some' || c.operator === 'every') && isObject(v)) out.value = normalizeCondition(v as unknown as Condition);
  if ((c.operator === 'count' || c.operator === 'distinctCount') && isObject(v) && isObject(v.where)) {
    out.value = { ...v, where: normalizeCondition(v.where as unknown as Condition) };
  }
  return out;
}

/** Applies `normalizeCondition` to every condition a node config holds. */
export function normalizeConfig(kind: string, config: Record<string, unknown>): Record<string, unknown> {
  const n = (c: unknown) => normalizeCondition(c as Condition);
  const mapWhen = (list: unknown) => (Array.isArray(list) ? list.map((x) => (isObject(x) && x.when ? { ...x, when: n(x.when) } : x)) : list);
  switch (kind) {
    case 'gate':
      return { ...config, condition: n(config.condition) };
    case 'checklist':
      return { ...config, items: mapWhen(config.items) };
    case 'table':
      return { ...config, rows: mapWhen(config.rows) };
    case 'score':
      return {
        ...config,
        rules: (config.rules as Record<string, unknown>[]).map((r) => {
          if (r.when) return { ...r, when: n(r.when) };
          const ev = r.event as Record<string, unknown> | undefined;
          if (ev?.where) return { ...r, event: { ...ev, where: n(ev.where) } };
          const ag = r.aggregate as Record<string, unknown> | undefined;
          if (ag?.where) return { ...r, aggregate: { ...ag, where: n(ag.where) } };
          return r;
        }),
      };
    case 'set':
      // A parsed form is derived (prepareForBrowser), never authored: a stale one would mislead.
      return { ...config, assign: (config.assign as Record<string, unknown>[]).map(({ ast: _derived, ...a }) => a) };
    default:
      return config;
  }
}
