// The two templates as json-logic-js rules, applied in a short pipeline (one rule per step,
// each step's result fed to the next as data), the usual way to chain json-logic.
// json-logic has no dates, no decay and no rounding: the rules are built for one `now`, with
// the window starts as ISO strings (the generator writes every date in toISOString form, so
// string order is time order); fit-engagement-decay gets the seven engagement rule
// contributions precomputed; endsWith and round2 are added operations.
import jsonLogic from 'json-logic-js';
import { DAY, type Decision, type LeadInput, round2, withDue } from './common.js';
import { ROUTES } from './hand.js';

jsonLogic.add_operation('endsWith', (a: unknown, b: string) => typeof a === 'string' && a.endsWith(b));
jsonLogic.add_operation('round2', (x: number) => round2(x));

type Logic = Record<string, unknown>;
const v = (name: string): Logic => ({ var: name });
const iff = (cond: unknown, then: unknown, otherwise: unknown = 0): Logic => ({ if: [cond, then, otherwise] });
const isIn = (x: unknown, list: unknown): Logic => ({ in: [x, list] });
const eq = (a: unknown, b: unknown): Logic => ({ '===': [a, b] });
const ge = (a: unknown, b: unknown): Logic => ({ '>=': [a, b] });
const and = (...xs: unknown[]): Logic => ({ and: xs });
const or = (...xs: unknown[]): Logic => ({ or: xs });

const FIT: Logic = {
  '+': [
    iff(isIn(v('lead.seniority'), ['c_level', 'vp']), 25),
    iff(eq(v('lead.seniority'), 'director'), 15),
    iff(eq(v('lead.seniority'), 'manager'), 8),
    iff(isIn(v('lead.department'), ['marketing', 'sales', 'revops']), 10),
    iff(isIn(v('account.industry'), ['software', 'fintech', 'ecommerce', 'healthcare_it']), 15),
    iff(and(ge(v('account.employees'), 200), { '<=': [v('account.employees'), 5000] }), 20),
    iff(and(ge(v('account.employees'), 50), { '<': [v('account.employees'), 200] }), 10),
    iff(isIn(v('lead.emailDomain'), ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'mail.com']), -15),
    iff(or(eq(v('lead.seniority'), 'student'), { endsWith: [v('lead.emailDomain'), '.edu'] }), -25),
    iff(isIn(v('lead.emailDomain'), ['rivalflow.io', 'pipelinehq.com']), -60),
  ],
};
const ENGAGEMENT: Logic = { round2: [{ min: [100, { '+': [0, 1, 2, 3, 4, 5, 6].map((i) => v(`eng.${i}`)) }] }] };
const band = (x: string, cuts: [number, string][], last: string): Logic => ({ if: [...cuts.flatMap(([c, b]) => [ge(v(x), c), b]), last] });
const GRADE: Logic = { cat: [band('fit', [[55, 'A'], [35, 'B'], [15, 'C']], 'D'), band('engagement', [[50, '1'], [25, '2'], [10, '3']], '4')] };
const ROUTE: Logic = { if: [isIn(v('grade'), ['A1', 'A2', 'B1']), 'sql', isIn(v('grade'), ['A3', 'B2', 'C1']), 'mql', isIn(v('grade'), ['D1', 'D2']), 'deprioritise', 'nurture'] };

export function jsonLogicFitEngagement(): (inp: LeadInput, nowMs: number, parts: number[]) => Decision {
  return (inp, nowMs, parts) => {
    const fit = jsonLogic.apply(FIT, { lead: inp.lead, account: inp.account }) as number;
    const engagement = jsonLogic.apply(ENGAGEMENT, { eng: parts }) as number;
    const grade = jsonLogic.apply(GRADE, { fit, engagement }) as string;
    const [outcome, stage] = ROUTES[jsonLogic.apply(ROUTE, { grade }) as string]!;
    return withDue('fit-engagement-decay', { stage, outcome, scores: { fit, engagement }, grade }, nowMs);
  };
}

/** Rules for one `now`: the window starts are literal ISO strings inside them. */
export function jsonLogicWaterfall(nowMs: number): (inp: LeadInput, nowMs: number) => Decision {
  const iso = (ms: number) => new Date(ms).toISOString();
  const NOW = iso(nowMs);
  const since = (days: number) => iso(nowMs - days * DAY);
  const dated = (field: string, days: number) => and({ '>=': [v(field), since(days)] }, { '<=': [v(field), NOW] });
  const count = (types: string[], days: number): Logic => ({
    reduce: [{ filter: [v('events'), and(isIn(v('type'), types), dated('at', days))] }, { '+': [v('accumulator'), 1] }, 0],
  });
  const has = (tech: string) => isIn(tech, v('account.technologies'));
  const ICP = and(
    isIn(v('account.industry'), ['software', 'fintech', 'ecommerce', 'healthcare_it', 'professional_services']),
    ge(v('account.employees'), 50),
    { '<=': [v('account.employees'), 10000] },
    ge(v('account.revenue'), 5000000),
    isIn(v('account.region'), ['NA', 'EMEA']),
  );
  const INTENT = or(
    ge(count(['page_view', 'content_download', 'webinar_attended', 'email_click'], 30), 3),
    ge(count(['pricing_view', 'demo_request'], 30), 1),
    and(ge(v('account.intent.surge'), 70), dated('account.intent.updatedAt', 30)),
  );
  const RESEARCH = {
    '+': [
      iff(or(has('salesforce'), has('hubspot')), 15),
      iff(or(has('marketo'), has('pardot'), has('hubspot')), 10),
      iff(has('rivalflow'), -10),
      iff(dated('account.funding.lastRoundAt', 365), 15),
      iff(ge(v('account.hiring.gtmRoles'), 3), 10),
      iff(ge(v('account.hiring.openRoles'), 20), 5),
    ],
  };
  const BANT = {
    '+': [
      iff(or(isIn(v('lead.bant.budget'), ['approved', 'planned']), ge(v('lead.bant.budgetAmount'), 10000)), 1),
      iff(or(eq(v('lead.bant.authority'), 'decision_maker'), isIn(v('lead.seniority'), ['c_level', 'vp'])), 1),
      iff(eq(v('lead.bant.need'), 'confirmed'), 1),
      iff(isIn(v('lead.bant.timeline'), ['this_quarter', 'next_quarter']), 1),
    ],
  };
  const HOT = ge(count(['demo_request'], 7), 1);
  return (inp, now) => {
    const data = { lead: inp.lead, account: inp.account, events: inp.events };
    if (!jsonLogic.apply(ICP, data)) return { stage: 'Rejected', outcome: 'icp', scores: { research: 0 } };
    if (!jsonLogic.apply(INTENT, data)) return { stage: 'Rejected', outcome: 'intent', scores: { research: 0 } };
    const research = jsonLogic.apply(RESEARCH, data) as number;
    if (!(research >= 20)) return { stage: 'Rejected', outcome: 'signals', scores: { research } };
    if ((jsonLogic.apply(BANT, data) as number) < 3) return { stage: 'Nurture', outcome: 'nurture', scores: { research } };
    return withDue('waterfall-6-layer', { stage: 'SQL', outcome: jsonLogic.apply(HOT, data) ? 'handoffHot' : 'handoff', scores: { research } }, now);
  };
}
