import type { Flow, FlowNode, Issue, RuleNode, RuleSet, ScoreDef } from '@sluice/schemas';
import { DEFAULT_STAGES, migrate, toIssues } from '@sluice/schemas';
import { validateFlow } from '@sluice/schemas/validators';
import { checkNodes } from './check.js';
import { analyseGraph } from './graph.js';
import { canonicalJson } from './json.js';
import { normalizeConfig } from './normalize.js';
import { withoutParsedForms } from './prepare.js';
import { sha256Hex } from './sha256.js';

export type CompileResult = { ok: true; ruleSet: RuleSet; warnings: Issue[] } | { ok: false; errors: Issue[] };

/**
 * Compiles a flow (the editor's drawing) into a rule set: checked, in evaluation order,
 * without layout, conditions normalised, with a content hash. The same flow always gives
 * byte-identical output (see `stringifyDocument`).
 *
 * @example
 * const r = compile(JSON.parse(readFileSync('bant-handoff.flow.json', 'utf8')));
 * if (!r.ok) for (const e of r.errors) console.error(e.nodeId ?? '-', e.path, e.message);
 */
export function compile(input: unknown): CompileResult {
  const m = migrate('flow', input);
  if (!m.ok) return { ok: false, errors: m.issues };
  const doc = m.doc;
  if (!validateFlow(doc)) return { ok: false, errors: toIssues(validateFlow.errors, doc) };
  const flow = doc as Flow;

  const graph = analyseGraph(flow.nodes, flow.edges);
  const errors = [...graph.issues];
  const stages = flow.stages ?? [...DEFAULT_STAGES];
  const rejectStage = flow.rejectStage ?? 'Rejected';
  const scores = declaredScores(flow);
  const startNode = flow.nodes.find((n) => n.kind === 'start');
  const fields = startNode?.kind === 'start' ? startNode.config.fields : [];
  errors.push(...checkNodes(flow.nodes, { fields, scores: scores.map((s) => s.name), stages }));
  const hasOpenReject = flow.nodes.some((n) => n.kind === 'gate' && !graph.next.get(n.id)?.has('reject'));
  if (hasOpenReject && !stages.includes(rejectStage)) {
    errors.push({ path: flow.rejectStage ? '/rejectStage' : '/stages', message: `gates without a reject edge end in stage ${rejectStage}, which is not one of the stages` });
  }
  if (errors.length > 0) return { ok: false, errors };

  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const nodes = graph.order.map((id) => toRuleNode(byId.get(id)!, graph.next.get(id)!));
  const body: Omit<RuleSet, 'version' | 'hash'> = {
    schemaVersion: 1,
    id: flow.id,
    name: flow.name,
    ...(flow.description !== undefined ? { description: flow.description } : {}),
    stages,
    rejectStage,
    scores,
    gradeVar: flow.gradeVar ?? 'grade',
    ...(flow.webhooks ? { webhooks: flow.webhooks } : {}),
    entry: graph.startId!,
    nodes,
  };
  const ruleSet: RuleSet = { ...body, version: flow.version ?? 1, hash: contentHash(body) };
  return { ok: true, ruleSet, warnings: unusedScoreWarnings(flow) };
}

/**
 * sha256 of the canonical JSON of the rule set: everything but `version` and `hash`, so the
 * same content hashes the same in every version. Webhooks are covered: a URL edited by hand
 * into a rule-set file fails `loadRuleSet` like any other edit (the copy browsers get leaves
 * them out and carries its own hash).
 */
export function contentHash(ruleSet: Omit<RuleSet, 'version' | 'hash'> & { version?: unknown; hash?: unknown }): string {
  // Parsed forms (prepareForBrowser) are derived from the expressions: not content.
  const { version: _v, hash: _h, ...body } = withoutParsedForms(ruleSet);
  return `sha256:${sha256Hex(canonicalJson(body))}`;
}

function toRuleNode(n: FlowNode, next: Map<string, string>): RuleNode {
  const out: Record<string, unknown> = { id: n.id, kind: n.kind };
  if (n.label !== undefined) out.label = n.label;
  out.config = normalizeConfig(n.kind, n.config as unknown as Record<string, unknown>);
  out.next = Object.fromEntries([...next].sort(([a], [b]) => (a < b ? -1 : 1)));
  return out as unknown as RuleNode;
}

/** Declared scores first (with their bounds), then any a score node writes, in file order. */
function declaredScores(flow: Flow): ScoreDef[] {
  const out: ScoreDef[] = [...(flow.scores ?? [])];
  const names = new Set(out.map((s) => s.name));
  for (const n of flow.nodes) {
    if (n.kind === 'score' && !names.has(n.config.score)) {
      names.add(n.config.score);
      out.push({ name: n.config.score });
    }
  }
  return out;
}

function unusedScoreWarnings(flow: Flow): Issue[] {
  const written = new Set(flow.nodes.flatMap((n) => (n.kind === 'score' ? [n.config.score] : [])));
  return (flow.scores ?? []).flatMap((s, i) =>
    written.has(s.name) ? [] : [{ path: `/scores/${i}`, message: `score ${s.name} is declared but no score node adds to it` }],
  );
}
