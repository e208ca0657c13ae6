import { SCHEMA_VERSION } from './generated/constants.js';
import type { Issue } from './issues.js';
import { limitIssues } from './limits.js';

/** What loading an older document gives: the current form, or why it cannot be had. */
export type MigrateResult =
  | { ok: true; doc: unknown; from: number }
  | { ok: false; issues: Issue[] };

type Kind = 'flow' | 'ruleset' | 'cases' | 'plan';

/**
 * Brings a document to the current `schemaVersion`, after checking it is within the size
 * limits every loader holds (`limitIssues`).
 *
 * Version 0 is the draft flow format from before versioning: React Flow's own names
 * (`type` and `data` on nodes, `sourceHandle` on edges) and no `schemaVersion`. Rule sets,
 * cases files and plans have only ever had version 1. A document from a newer Sluice is refused
 * rather than guessed at, because dropping fields we do not know would lose the user's work.
 *
 * @example
 * const m = migrate('flow', JSON.parse(text));
 * if (!m.ok) console.error(m.issues);
 */
export function migrate(kind: Kind, doc: unknown): MigrateResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail('/', `a ${kind} document must be a JSON object`);
  }
  // Before anything recursive or pattern-driven looks at it (limits.ts).
  const limits = limitIssues(doc);
  if (limits.length > 0) return { ok: false, issues: limits };
  const d = doc as Record<string, unknown>;
  const v = d.schemaVersion;
  if (v === undefined) {
    if (kind !== 'flow') {
      return fail('/schemaVersion', `is missing; a ${kind} file without it predates versioned files and cannot be migrated (${kind === 'plan' ? 'add "schemaVersion": 1' : 'recompile it from its flow'})`);
    }
    return { ok: true, doc: flowV0toV1(d), from: 0 };
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return fail('/schemaVersion', `must be a positive integer, got ${JSON.stringify(v)}`);
  }
  if (v > SCHEMA_VERSION) {
    return fail('/schemaVersion', `is ${v}: this file was written by a newer Sluice; this build reads schemaVersion ${SCHEMA_VERSION} and older`);
  }
  return { ok: true, doc, from: v };
}

function flowV0toV1(d: Record<string, unknown>): Record<string, unknown> {
  const nodes = Array.isArray(d.nodes)
    ? d.nodes.map((n) => {
        if (typeof n !== 'object' || n === null) return n;
        const { type, data, ...rest } = n as Record<string, unknown>;
        return { ...rest, kind: rest.kind ?? type, config: rest.config ?? data };
      })
    : d.nodes;
  const edges = Array.isArray(d.edges)
    ? d.edges.map((e) => {
        if (typeof e !== 'object' || e === null) return e;
        const { sourceHandle, targetHandle: _unused, ...rest } = e as Record<string, unknown>;
        return { ...rest, sourcePort: rest.sourcePort ?? sourceHandle ?? 'next' };
      })
    : d.edges;
  return { ...d, schemaVersion: SCHEMA_VERSION, nodes, edges };
}

function fail(path: string, message: string): MigrateResult {
  return { ok: false, issues: [{ path, message }] };
}
