// Structural diff of two rule sets (or flows): which nodes were added, removed or changed
// and, inside a changed node, which rules / rows / items / fields / outputs / assignments.
// Pure: data in, data out. The CLI (`sluice diff`), the runtime (GET .../diff) and the
// editor's "compare versions" view all print the same RuleSetDiff.
import type { Flow, RuleSet } from '@sluice/schemas';

/** One difference inside a node (or at the top level of the document). */
export interface Change {
  op: 'added' | 'removed' | 'changed';
  /** What kind of thing changed: a list item (`rule`, `row`, `item`, `field`, `output`, `assign`, `port`) or `config` / `label` / `kind`. */
  part: 'rule' | 'row' | 'item' | 'field' | 'output' | 'assign' | 'port' | 'config' | 'label' | 'kind';
  /** JSON Pointer inside the node, e.g. `/config/rules/2` (index in `b`; in `a` for removals). */
  path: string;
  /** JSON Pointer in the whole document (`/nodes/4/config/rules/2`), in `b` (in `a` for removals). */
  docPath: string;
  /** The rule's / row's / item's label or id, for people. */
  label?: string;
  before?: unknown;
  after?: unknown;
  /** For a changed list item: each leaf that differs, with pointers inside the node. */
  details?: LeafChange[];
}

export interface LeafChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeRef {
  id: string;
  kind: string;
  label?: string;
  /** JSON Pointer of the node in its document. */
  path: string;
}

export interface NodeChange extends NodeRef {
  /** The node's pointer in `a` (`path` is its pointer in `b`). */
  pathBefore: string;
  changes: Change[];
}

export interface RuleSetDiff {
  /** True when nothing but version / hash / positions differ. */
  same: boolean;
  from: { id: string; version?: number; hash?: string };
  to: { id: string; version?: number; hash?: string };
  /** Top-level properties (name, stages, scores, webhooks, entry...). */
  fields: LeafChange[];
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeChange[] };
}

interface DiffNode {
  id: string;
  kind: string;
  label?: string;
  config?: unknown;
  next?: Record<string, string>;
}

type Doc = Record<string, unknown> & { id?: unknown; nodes?: unknown };

/** Config lists diffed item by item, with the property that identifies an item. */
const LISTS: Record<string, { part: Change['part']; key: string | null }> = {
  rules: { part: 'rule', key: 'label' },
  rows: { part: 'row', key: 'label' },
  items: { part: 'item', key: 'id' },
  fields: { part: 'field', key: 'key' },
  outputs: { part: 'output', key: 'name' },
  assign: { part: 'assign', key: 'name' },
};

/** Top-level properties that are not content: they always differ between versions. */
const IGNORED_TOP = new Set(['nodes', 'edges', 'version', 'hash', '$schema']);

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON equality (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Every leaf that differs between a and b, as pointers under `base`. */
export function leafChanges(a: unknown, b: unknown, base = ''): LeafChange[] {
  if (jsonEqual(a, b)) return [];
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => leafChanges(a[k], b[k], `${base}/${esc(k)}`));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: LeafChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...leafChanges(a[i], b[i], `${base}/${i}`));
    return out;
  }
  return [{ path: base || '/', before: a, after: b }];
}

function toNodes(doc: Doc): DiffNode[] {
  const nodes = Array.isArray(doc.nodes) ? (doc.nodes as unknown[]).filter(isObj) : [];
  const edges = Array.isArray(doc.edges) ? (doc.edges as unknown[]).filter(isObj) : null;
  return nodes.map((n) => {
    const node: DiffNode = { id: String(n.id), kind: String(n.kind) };
    if (typeof n.label === 'string') node.label = n.label;
    if (n.config !== undefined) node.config = n.config;
    if (isObj(n.next)) node.next = n.next as Record<string, string>;
    else if (edges) {
      // A flow keeps its wiring in edges; as `next` maps both documents diff the same way.
      const next: Record<string, string> = {};
      for (const e of edges) if (e.source === n.id) next[String(e.sourcePort)] = String(e.target);
      node.next = next;
    }
    return node;
  });
}

/** Matches list items by key when every item has a unique one, else by position. */
function matchItems(a: unknown[], b: unknown[], key: string | null): { ia: number | null; ib: number | null }[] {
  const keyOf = (x: unknown) => (key && isObj(x) && (typeof x[key] === 'string' || typeof x[key] === 'number') ? String(x[key]) : null);
  const unique = (xs: unknown[]) => {
    const ks = xs.map(keyOf);
    return ks.every((k) => k !== null) && new Set(ks).size === ks.length ? (ks as string[]) : null;
  };
  const ka = unique(a);
  const kb = unique(b);
  const pairs: { ia: number | null; ib: number | null }[] = [];
  if (ka && kb) {
    const inA = new Map(ka.map((k, i) => [k, i]));
    const inB = new Set(kb);
    kb.forEach((k, ib) => pairs.push({ ia: inA.get(k) ?? null, ib }));
    ka.forEach((k, ia) => {
      if (!inB.has(k)) pairs.push({ ia, ib: null });
    });
    return pairs;
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) pairs.push({ ia: i < a.length ? i : null, ib: i < b.length ? i : null });
  return pairs;
}

function labelOf(x: unknown, key: string | null): string | undefined {
  if (!isObj(x)) return undefined;
  for (const k of ['label', key ?? '', 'id', 'name', 'key']) if (k && typeof x[k] === 'string') return x[k] as string;
  return undefined;
}

function diffNode(a: DiffNode, b: DiffNode, docA: string, docB: string): Change[] {
  const changes: Change[] = [];
  const push = (c: Omit<Change, 'docPath'>, removed = false) => changes.push({ ...c, docPath: `${removed ? docA : docB}${c.path}` });
  if (a.kind !== b.kind) push({ op: 'changed', part: 'kind', path: '/kind', before: a.kind, after: b.kind });
  if (a.label !== b.label) push({ op: a.label === undefined ? 'added' : b.label === undefined ? 'removed' : 'changed', part: 'label', path: '/label', before: a.label, after: b.label });

  const ca = isObj(a.config) ? a.config : {};
  const cb = isObj(b.config) ? b.config : {};
  for (const k of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
    const va = ca[k];
    const vb = cb[k];
    if (jsonEqual(va, vb)) continue;
    const list = LISTS[k];
    const base = `/config/${esc(k)}`;
    if (list && Array.isArray(va) && Array.isArray(vb)) {
      for (const { ia, ib } of matchItems(va, vb, list.key)) {
        const x = ia === null ? undefined : va[ia];
        const y = ib === null ? undefined : vb[ib];
        if (ia === null) push({ op: 'added', part: list.part, path: `${base}/${ib}`, label: labelOf(y, list.key), after: y });
        else if (ib === null) push({ op: 'removed', part: list.part, path: `${base}/${ia}`, label: labelOf(x, list.key), before: x }, true);
        else if (!jsonEqual(x, y)) {
          push({ op: 'changed', part: list.part, path: `${base}/${ib}`, label: labelOf(y, list.key), before: x, after: y, details: leafChanges(x, y, `${base}/${ib}`) });
        }
      }
      continue;
    }
    const op = va === undefined ? 'added' : vb === undefined ? 'removed' : 'changed';
    push({ op, part: 'config', path: base, before: va, after: vb, ...(op === 'changed' ? { details: leafChanges(va, vb, base) } : {}) }, op === 'removed');
  }

  const na = a.next ?? {};
  const nb = b.next ?? {};
  for (const p of [...new Set([...Object.keys(na), ...Object.keys(nb)])].sort()) {
    if (na[p] === nb[p]) continue;
    const op = na[p] === undefined ? 'added' : nb[p] === undefined ? 'removed' : 'changed';
    push({ op, part: 'port', path: `/next/${esc(p)}`, label: p, before: na[p], after: nb[p] }, op === 'removed');
  }
  // Undefined before/after carry no information: drop them so the diff is plain JSON.
  for (const c of changes) {
    if (c.before === undefined) delete c.before;
    if (c.after === undefined) delete c.after;
    if (c.label === undefined) delete c.label;
  }
  return changes;
}

function ref(n: DiffNode, path: string): NodeRef {
  return n.label === undefined ? { id: n.id, kind: n.kind, path } : { id: n.id, kind: n.kind, label: n.label, path };
}

function meta(d: Doc): RuleSetDiff['from'] {
  const m: RuleSetDiff['from'] = { id: String(d.id) };
  if (typeof d.version === 'number') m.version = d.version;
  if (typeof d.hash === 'string') m.hash = d.hash;
  return m;
}

function diffDocs(a: Doc, b: Doc): RuleSetDiff {
  const fields: LeafChange[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (IGNORED_TOP.has(k) || jsonEqual(a[k], b[k])) continue;
    fields.push({ path: `/${esc(k)}`, before: a[k], after: b[k] });
  }
  const na = toNodes(a);
  const nb = toNodes(b);
  const idxA = new Map(na.map((n, i) => [n.id, i]));
  const idxB = new Map(nb.map((n, i) => [n.id, i]));
  const added: NodeRef[] = [];
  const removed: NodeRef[] = [];
  const changed: NodeChange[] = [];
  nb.forEach((n, ib) => {
    const ia = idxA.get(n.id);
    if (ia === undefined) {
      added.push(ref(n, `/nodes/${ib}`));
      return;
    }
    const old = na[ia] as DiffNode;
    const changes = diffNode(old, n, `/nodes/${ia}`, `/nodes/${ib}`);
    if (changes.length) changed.push({ ...ref(n, `/nodes/${ib}`), pathBefore: `/nodes/${ia}`, changes });
  });
  na.forEach((n, ia) => {
    if (!idxB.has(n.id)) removed.push(ref(n, `/nodes/${ia}`));
  });
  return {
    same: fields.length === 0 && added.length === 0 && removed.length === 0 && changed.length === 0,
    from: meta(a),
    to: meta(b),
    fields,
    nodes: { added, removed, changed },
  };
}

/**
 * What changed from rule set `a` to rule set `b`. Nodes are matched by id; list items
 * inside a node (score rules, table rows, checklist items, start fields, table outputs,
 * set assignments) by their label / id / key when unique, else by position. Version and
 * hash are not differences.
 *
 * @example
 * const d = diffRuleSets(v1, v2);
 * for (const n of d.nodes.changed) for (const c of n.changes) console.log(n.id, c.op, c.path);
 */
export function diffRuleSets(a: RuleSet, b: RuleSet): RuleSetDiff {
  return diffDocs(a as unknown as Doc, b as unknown as Doc);
}

/**
 * The same diff for two flows (drafts): edges are compared as each node's `next` ports;
 * positions are ignored.
 *
 * @example
 * const d = diffFlows(savedDraft, editedDraft);
 */
export function diffFlows(a: Flow, b: Flow): RuleSetDiff {
  const strip = (f: Flow): Doc => ({ ...(f as unknown as Doc), nodes: f.nodes.map(({ position: _p, ...n }) => n) });
  return diffDocs(strip(a), strip(b));
}
