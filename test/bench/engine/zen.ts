// The two templates as GoRules JDM decision graphs for @gorules/zen-engine (Rust, through
// N-API): an expression node computes the scores — decay included, ZEN has `^` and dates —
// and decision tables (hit policy first) do the grade matrix, the routing and the gates.
// ZEN expressions stop the graph on null arithmetic, so every optional field is guarded.
import type { Decision, LeadInput } from './common.js';
import { withDue } from './common.js';
import { ROUTES } from './hand.js';

type Zen = typeof import('@gorules/zen-engine');
type Evaluate = (context: unknown) => Promise<{ result: Record<string, any> }>;

const node = (id: string, type: string, content?: unknown) => ({ id, name: id, type, ...(content ? { content } : {}) });
const chain = (ids: string[]) => ids.slice(1).map((t, i) => ({ id: `e${i}`, sourceId: ids[i]!, targetId: t, type: 'edge' }));
const table = (inputs: string[], outputs: string[], rows: string[][]) => ({
  hitPolicy: 'first',
  passThrough: true,
  inputs: inputs.map((f, i) => ({ id: `i${i}`, name: f, field: f })),
  outputs: outputs.map((f, i) => ({ id: `o${i}`, name: f, field: f })),
  rules: rows.map((cells, r) => Object.fromEntries([['_id', `r${r}`], ...cells.map((c, k) => [k < inputs.length ? `i${k}` : `o${k - inputs.length}`, c])])),
});
const expressions = (pairs: [string, string][]) => ({ passThrough: false, expressions: pairs.map(([key, value], i) => ({ id: `x${i}`, key, value })) });

const has = (path: string) => `${path} != null`;
const num = (path: string, test: string) => `(${has(path)} and ${path} ${test})`;
const decayed = (types: string, points: number) =>
  `sum(map(filter(events, #.type == "${types}" and date(#.at) <= $.nowS), ${points} * 0.5 ^ (($.nowS - date(#.at)) / 7776000)))`;

const FIT = [
  '(lead.seniority in ["c_level", "vp"] ? 25 : 0)',
  '(lead.seniority == "director" ? 15 : 0)',
  '(lead.seniority == "manager" ? 8 : 0)',
  '(lead.department in ["marketing", "sales", "revops"] ? 10 : 0)',
  '(account.industry in ["software", "fintech", "ecommerce", "healthcare_it"] ? 15 : 0)',
  `(${num('account.employees', '>= 200')} and account.employees <= 5000 ? 20 : 0)`,
  `(${num('account.employees', '>= 50')} and account.employees < 200 ? 10 : 0)`,
  '(lead.emailDomain in ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "proton.me", "gmx.de", "mail.com"] ? -15 : 0)',
  `(lead.seniority == "student" or (${has('lead.emailDomain')} and endsWith(lead.emailDomain, ".edu")) ? -25 : 0)`,
  '(lead.emailDomain in ["rivalflow.io", "pipelinehq.com"] ? -60 : 0)',
].join(' + ');

const FIT_ENGAGEMENT = {
  nodes: [
    node('request', 'inputNode'),
    node('scores', 'expressionNode', expressions([
      ['nowS', 'date(now)'],
      ['fit', FIT],
      ['pv', `round(min([10, ${decayed('page_view', 1)}]), 2)`],
      ['careers', `round(max([-10, sum(map(filter(events, #.type == "page_view" and #.props != null and #.props.url != null and startsWith(#.props.url, "/careers") and date(#.at) <= $.nowS), -5 * 0.5 ^ (($.nowS - date(#.at)) / 7776000)))]), 2)`],
      ['pricing', `round(min([24, ${decayed('pricing_view', 8)}]), 2)`],
      ['download', `round(min([18, ${decayed('content_download', 6)}]), 2)`],
      ['webinar', `round(min([20, ${decayed('webinar_attended', 10)}]), 2)`],
      ['click', `round(min([10, ${decayed('email_click', 2)}]), 2)`],
      ['demo', `round(min([30, ${decayed('demo_request', 30)}]), 2)`],
      ['engagement', 'round(min([100, $.pv + $.careers + $.pricing + $.download + $.webinar + $.click + $.demo]), 2)'],
    ])),
    node('grade', 'decisionTableNode', table(['fit', 'engagement'], ['grade'], [
      ...[['>= 55', 'A'], ['$ >= 35 and $ < 55', 'B'], ['$ >= 15 and $ < 35', 'C'], ['< 15', 'D']].flatMap(([f, a]) =>
        [['>= 50', '1'], ['$ >= 25 and $ < 50', '2'], ['$ >= 10 and $ < 25', '3'], ['< 10', '4']].map(([e, b]) => [f!, e!, `"${a}${b}"`])),
    ])),
    node('route', 'decisionTableNode', table(['grade'], ['route'], [
      ['"A1", "A2", "B1"', '"sql"'], ['"A3", "B2", "C1"', '"mql"'], ['"D1", "D2"', '"deprioritise"'], ['', '"nurture"'],
    ])),
    node('response', 'outputNode'),
  ],
  edges: chain(['request', 'scores', 'grade', 'route', 'response']),
};

const within = (path: string, days: number) => `(${has(path)} and date(${path}) <= $.nowS and date(${path}) >= $.nowS - ${days * 86400})`;
const count = (types: string, days: number) => `count(events, #.type in [${types}] and date(#.at) <= $.nowS and date(#.at) >= $.nowS - ${days * 86400})`;
const tech = (t: string) => `(${has('account.technologies')} and "${t}" in account.technologies)`;

const WATERFALL = {
  nodes: [
    node('request', 'inputNode'),
    node('signals', 'expressionNode', expressions([
      ['nowS', 'date(now)'],
      ['icp', `account.industry in ["software", "fintech", "ecommerce", "healthcare_it", "professional_services"] and ${num('account.employees', '>= 50')} and account.employees <= 10000 and ${num('account.revenue', '>= 5000000')} and account.region in ["NA", "EMEA"]`],
      ['intent', `${count('"page_view", "content_download", "webinar_attended", "email_click"', 30)} >= 3 or ${count('"pricing_view", "demo_request"', 30)} >= 1 or (${num('account.intent.surge', '>= 70')} and ${within('account.intent.updatedAt', 30)})`],
      ['research', [
        `(${tech('salesforce')} or ${tech('hubspot')} ? 15 : 0)`,
        `(${tech('marketo')} or ${tech('pardot')} or ${tech('hubspot')} ? 10 : 0)`,
        `(${tech('rivalflow')} ? -10 : 0)`,
        `(${within('account.funding.lastRoundAt', 365)} ? 15 : 0)`,
        `(${num('account.hiring.gtmRoles', '>= 3')} ? 10 : 0)`,
        `(${num('account.hiring.openRoles', '>= 20')} ? 5 : 0)`,
      ].join(' + ')],
      ['bant', [
        `(lead.bant.budget in ["approved", "planned"] or ${num('lead.bant.budgetAmount', '>= 10000')} ? 1 : 0)`,
        '(lead.bant.authority == "decision_maker" or lead.seniority in ["c_level", "vp"] ? 1 : 0)',
        '(lead.bant.need == "confirmed" ? 1 : 0)',
        '(lead.bant.timeline in ["this_quarter", "next_quarter"] ? 1 : 0)',
      ].join(' + ')],
      ['hot', `${count('"demo_request"', 7)} >= 1`],
    ])),
    node('gates', 'decisionTableNode', table(['icp', 'intent', 'research', 'bant', 'hot'], ['outcome', 'stage'], [
      ['false', '', '', '', '', '"icp"', '"Rejected"'],
      ['', 'false', '', '', '', '"intent"', '"Rejected"'],
      ['', '', '< 20', '', '', '"signals"', '"Rejected"'],
      ['', '', '', '< 3', '', '"nurture"', '"Nurture"'],
      ['', '', '', '', 'true', '"handoffHot"', '"SQL"'],
      ['', '', '', '', '', '"handoff"', '"SQL"'],
    ])),
    node('response', 'outputNode'),
  ],
  edges: chain(['request', 'signals', 'gates', 'response']),
};

/** Loads ZEN, or says why it cannot. */
export async function loadZen(): Promise<Zen | string> {
  try {
    return await import('@gorules/zen-engine');
  } catch (e) {
    return `@gorules/zen-engine does not load here: ${(e as Error).message.split('\n')[0]}`;
  }
}

export function zenFitEngagement(zen: Zen): (inp: LeadInput, nowMs: number, now: string) => Promise<Decision> {
  const d = new zen.ZenEngine().createDecision(FIT_ENGAGEMENT);
  const run = d.evaluate.bind(d) as Evaluate;
  return async (inp, nowMs, now) => {
    const { result: r } = await run({ lead: inp.lead, account: inp.account ?? null, events: inp.events, now });
    const [outcome, stage] = ROUTES[r.route as string]!;
    return withDue('fit-engagement-decay', { stage, outcome, scores: { fit: r.fit, engagement: r.engagement }, grade: r.grade }, nowMs);
  };
}

export function zenWaterfall(zen: Zen): (inp: LeadInput, nowMs: number, now: string) => Promise<Decision> {
  const d = new zen.ZenEngine().createDecision(WATERFALL);
  const run = d.evaluate.bind(d) as Evaluate;
  return async (inp, nowMs, now) => {
    const { result: r } = await run({ lead: inp.lead, account: inp.account ?? null, events: inp.events, now });
    const research = r.icp && r.intent ? (r.research as number) : 0;
    return withDue('waterfall-6-layer', { stage: r.stage, outcome: r.outcome, scores: { research } }, nowMs);
  };
}
