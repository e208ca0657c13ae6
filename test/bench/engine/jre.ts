// The two templates as json-rules-engine 7 rules: facts, conditions, events. Rule hits are
// combined into a decision by a few lines of JS, the way JRE apps do it. Counting events in a
// window and the age of a date are dynamic facts (JRE's way to derive values); endsWith is a
// custom operator. Decay cannot be expressed: fit-engagement-decay gets its engagement score
// precomputed (see engine.bench.ts), and JRE does the fit rules, the grade matrix and routing.
import { Engine, type RuleProperties } from 'json-rules-engine';
import { DAY, type Decision, type LeadInput, withDue } from './common.js';
import { ROUTES } from './hand.js';

const opts = { allowUndefinedFacts: true };
const L = (path: string, operator: string, value: unknown) => ({ fact: 'lead', path, operator, value });
const A = (path: string, operator: string, value: unknown) => ({ fact: 'account', path, operator, value });
const within = (fact: string, path: string, days: number) => ({
  all: [
    { fact: 'ageDays', params: { fact, path }, operator: 'greaterThanInclusive', value: 0 },
    { fact: 'ageDays', params: { fact, path }, operator: 'lessThanInclusive', value: days },
  ],
});
const count = (types: string[], days: number, min: number) => ({ fact: 'eventCount', params: { types, days }, operator: 'greaterThanInclusive', value: min });

function engine(rules: RuleProperties[]): Engine {
  const e = new Engine(rules, opts);
  e.addOperator('endsWith', (a: unknown, b: string) => typeof a === 'string' && a.endsWith(b));
  e.addFact('eventCount', async (params: Record<string, any>, almanac) => {
    const [events, now] = await Promise.all([almanac.factValue<LeadInput['events']>('events'), almanac.factValue<number>('nowMs')]);
    let n = 0;
    for (const ev of events ?? []) {
      const t = Date.parse(ev.at);
      if (params.types.includes(ev.type) && t <= now && t >= now - params.days * DAY) n++;
    }
    return n;
  });
  e.addFact('ageDays', async (params: Record<string, any>, almanac) => {
    const [v, now] = await Promise.all([almanac.factValue(params.fact, {}, params.path), almanac.factValue<number>('nowMs')]);
    return typeof v === 'string' ? (now - Date.parse(v)) / DAY : undefined;
  });
  return e;
}

const points = (name: string, n: number, conditions: any): RuleProperties => ({ name, conditions: 'all' in conditions || 'any' in conditions ? conditions : { all: [conditions] }, event: { type: 'points', params: { points: n } } });
const hit = (type: string, conditions: any, params: Record<string, unknown> = {}): RuleProperties => ({ name: type, conditions, event: { type, params } });

// fit-engagement-decay ----------------------------------------------------------------------

const fitRules: RuleProperties[] = [
  points('vp', 25, L('$.seniority', 'in', ['c_level', 'vp'])),
  points('director', 15, L('$.seniority', 'equal', 'director')),
  points('manager', 8, L('$.seniority', 'equal', 'manager')),
  points('revenue team', 10, L('$.department', 'in', ['marketing', 'sales', 'revops'])),
  points('industry', 15, A('$.industry', 'in', ['software', 'fintech', 'ecommerce', 'healthcare_it'])),
  points('200-5000', 20, { all: [A('$.employees', 'greaterThanInclusive', 200), A('$.employees', 'lessThanInclusive', 5000)] }),
  points('50-199', 10, { all: [A('$.employees', 'greaterThanInclusive', 50), A('$.employees', 'lessThan', 200)] }),
  points('free email', -15, L('$.emailDomain', 'in', ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'mail.com'])),
  points('student', -25, { any: [L('$.seniority', 'equal', 'student'), L('$.emailDomain', 'endsWith', '.edu')] }),
  points('competitor', -60, L('$.emailDomain', 'in', ['rivalflow.io', 'pipelinehq.com'])),
];

const BANDS: [string, any[]][] = [
  ['A', [{ fact: 'fit', operator: 'greaterThanInclusive', value: 55 }]],
  ['B', [{ fact: 'fit', operator: 'greaterThanInclusive', value: 35 }, { fact: 'fit', operator: 'lessThan', value: 55 }]],
  ['C', [{ fact: 'fit', operator: 'greaterThanInclusive', value: 15 }, { fact: 'fit', operator: 'lessThan', value: 35 }]],
  ['D', [{ fact: 'fit', operator: 'lessThan', value: 15 }]],
];
const ENG: [string, any[]][] = [
  ['1', [{ fact: 'engagement', operator: 'greaterThanInclusive', value: 50 }]],
  ['2', [{ fact: 'engagement', operator: 'greaterThanInclusive', value: 25 }, { fact: 'engagement', operator: 'lessThan', value: 50 }]],
  ['3', [{ fact: 'engagement', operator: 'greaterThanInclusive', value: 10 }, { fact: 'engagement', operator: 'lessThan', value: 25 }]],
  ['4', [{ fact: 'engagement', operator: 'lessThan', value: 10 }]],
];
// The grade matrix (16 rules, exactly one holds) writes the grade as a runtime fact; the
// routing rules run after it (lower priority) and read it.
const gradeRules: RuleProperties[] = BANDS.flatMap(([f, fc]) =>
  ENG.map(([e, ec]) => ({
    name: f + e,
    priority: 2,
    conditions: structuredClone({ all: [...fc, ...ec] }),
    event: { type: 'grade', params: { grade: f + e } },
    onSuccess: (event: any, almanac: any) => almanac.addRuntimeFact('grade', event.params.grade),
  })),
);
const routeRules: RuleProperties[] = [
  { name: 'sql', priority: 1, conditions: { all: [{ fact: 'grade', operator: 'in', value: ['A1', 'A2', 'B1'] }] }, event: { type: 'route', params: { route: 'sql' } } },
  { name: 'mql', priority: 1, conditions: { all: [{ fact: 'grade', operator: 'in', value: ['A3', 'B2', 'C1'] }] }, event: { type: 'route', params: { route: 'mql' } } },
  { name: 'deprioritise', priority: 1, conditions: { all: [{ fact: 'grade', operator: 'in', value: ['D1', 'D2'] }] }, event: { type: 'route', params: { route: 'deprioritise' } } },
];

/** Two engine runs per lead: fit rules, then grade matrix and routing on the fit score. */
export function jreFitEngagement(): (inp: LeadInput, nowMs: number, engagement: number) => Promise<Decision> {
  const fitEngine = engine(fitRules);
  const gradeEngine = engine([...gradeRules, ...routeRules]);
  return async (inp, nowMs, engagement) => {
    const r1 = await fitEngine.run({ lead: inp.lead, account: inp.account, nowMs });
    let fit = 0;
    for (const ev of r1.events) fit += (ev.params as { points: number }).points;
    const r2 = await gradeEngine.run({ fit, engagement, grade: null });
    let grade = '';
    let route = 'nurture';
    for (const ev of r2.events) {
      if (ev.type === 'grade') grade = (ev.params as { grade: string }).grade;
      else route = (ev.params as { route: string }).route;
    }
    const [outcome, stage] = ROUTES[route]!;
    return withDue('fit-engagement-decay', { stage, outcome, scores: { fit, engagement }, grade }, nowMs);
  };
}

// waterfall-6-layer ---------------------------------------------------------------------------

const waterfallRules: RuleProperties[] = [
  hit('icp', { all: [A('$.industry', 'in', ['software', 'fintech', 'ecommerce', 'healthcare_it', 'professional_services']), A('$.employees', 'greaterThanInclusive', 50), A('$.employees', 'lessThanInclusive', 10000), A('$.revenue', 'greaterThanInclusive', 5000000), A('$.region', 'in', ['NA', 'EMEA'])] }),
  hit('intent', { any: [count(['page_view', 'content_download', 'webinar_attended', 'email_click'], 30, 3), count(['pricing_view', 'demo_request'], 30, 1), { all: [A('$.intent.surge', 'greaterThanInclusive', 70), within('account', '$.intent.updatedAt', 30)] }] }),
  points('crm', 15, { any: [A('$.technologies', 'contains', 'salesforce'), A('$.technologies', 'contains', 'hubspot')] }),
  points('automation', 10, { any: [A('$.technologies', 'contains', 'marketo'), A('$.technologies', 'contains', 'pardot'), A('$.technologies', 'contains', 'hubspot')] }),
  points('competitor tool', -10, A('$.technologies', 'contains', 'rivalflow')),
  points('funding', 15, within('account', '$.funding.lastRoundAt', 365)),
  points('gtm hiring', 10, A('$.hiring.gtmRoles', 'greaterThanInclusive', 3)),
  points('growing', 5, A('$.hiring.openRoles', 'greaterThanInclusive', 20)),
  hit('bant', { any: [L('$.bant.budget', 'in', ['approved', 'planned']), L('$.bant.budgetAmount', 'greaterThanInclusive', 10000)] }),
  hit('bant', { any: [L('$.bant.authority', 'equal', 'decision_maker'), L('$.seniority', 'in', ['c_level', 'vp'])] }),
  hit('bant', { all: [L('$.bant.need', 'equal', 'confirmed')] }),
  hit('bant', { all: [L('$.bant.timeline', 'in', ['this_quarter', 'next_quarter'])] }),
  hit('hot', { all: [count(['demo_request'], 7, 1)] }),
];

/** One engine run per lead (JRE evaluates every rule); the gates are applied in order after it. */
export function jreWaterfall(): (inp: LeadInput, nowMs: number) => Promise<Decision> {
  const e = engine(waterfallRules);
  return async (inp, nowMs) => {
    const r = await e.run({ lead: inp.lead, account: inp.account, events: inp.events, nowMs });
    let icp = false, intent = false, hot = false, research = 0, bant = 0;
    for (const ev of r.events) {
      if (ev.type === 'icp') icp = true;
      else if (ev.type === 'intent') intent = true;
      else if (ev.type === 'points') research += (ev.params as { points: number }).points;
      else if (ev.type === 'bant') bant++;
      else if (ev.type === 'hot') hot = true;
    }
    if (!icp) return { stage: 'Rejected', outcome: 'icp', scores: { research: 0 } };
    if (!intent) return { stage: 'Rejected', outcome: 'intent', scores: { research: 0 } };
    if (research < 20) return { stage: 'Rejected', outcome: 'signals', scores: { research } };
    if (bant < 3) return { stage: 'Nurture', outcome: 'nurture', scores: { research } };
    return withDue('waterfall-6-layer', { stage: 'SQL', outcome: hot ? 'handoffHot' : 'handoff', scores: { research } }, nowMs);
  };
}
