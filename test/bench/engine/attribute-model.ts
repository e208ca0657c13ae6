// The attribute-only model of issue 12: 20 rules, fit and engagement from lead and account
// fields alone (no events), thresholds to a stage. It isolates evaluate's fixed cost per lead
// and its cost per attribute rule; `handAttributes` is the same model written by hand.
import type { Decision, LeadInput } from './common.js';
import { round2 } from './common.js';

const leaf = (fact: string, path: string, operator: string, value: unknown) => ({ fact, path, operator, value });
const rule = (label: string, points: number, when: unknown) => ({ label, points, when });

const FREE_EMAIL = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'mail.com'];

/** The flow: start → fit (12 rules) → engagement (8 rules) → thresholds → SQL / MQL / Nurture. */
export const attributeFlow = {
  schemaVersion: 1,
  id: 'attribute-model',
  name: 'Attribute-only model (benchmark)',
  scores: [{ name: 'fit' }, { name: 'engagement' }],
  nodes: [
    { id: 'start', kind: 'start', config: { fields: [
      { key: 'lead.seniority', type: 'string' }, { key: 'lead.department', type: 'string' }, { key: 'lead.emailDomain', type: 'string' },
      { key: 'lead.source', type: 'string' }, { key: 'lead.persona', type: 'string' }, { key: 'lead.bant', type: 'object' },
      { key: 'lead.pain', type: 'string' },
      { key: 'account.industry', type: 'string' }, { key: 'account.employees', type: 'number' }, { key: 'account.revenue', type: 'number' },
      { key: 'account.region', type: 'string' }, { key: 'account.technologies', type: 'list', itemType: 'string' },
    ] } },
    { id: 'fit', kind: 'score', config: { score: 'fit', rules: [
      rule('VP or above', 25, leaf('lead', '$.seniority', 'in', ['c_level', 'vp'])),
      rule('Director', 15, leaf('lead', '$.seniority', 'equal', 'director')),
      rule('Manager', 8, leaf('lead', '$.seniority', 'equal', 'manager')),
      rule('Revenue team', 10, leaf('lead', '$.department', 'in', ['marketing', 'sales', 'revops'])),
      rule('Target industry', 15, leaf('account', '$.industry', 'in', ['software', 'fintech', 'ecommerce', 'healthcare_it'])),
      rule('200–5,000 employees', 20, { all: [leaf('account', '$.employees', 'greaterThanInclusive', 200), leaf('account', '$.employees', 'lessThanInclusive', 5000)] }),
      rule('50–199 employees', 10, { all: [leaf('account', '$.employees', 'greaterThanInclusive', 50), leaf('account', '$.employees', 'lessThan', 200)] }),
      rule('NA or EMEA', 5, leaf('account', '$.region', 'in', ['NA', 'EMEA'])),
      rule('Revenue ≥ 10M', 10, leaf('account', '$.revenue', 'greaterThanInclusive', 10_000_000)),
      rule('Uses Salesforce', 5, leaf('account', '$.technologies', 'contains', 'salesforce')),
      rule('Free email', -15, leaf('lead', '$.emailDomain', 'in', FREE_EMAIL)),
      rule('Student address', -25, leaf('lead', '$.emailDomain', 'endsWith', '.edu')),
    ] } },
    { id: 'engagement', kind: 'score', config: { score: 'engagement', rules: [
      rule('Asked for a demo', 30, leaf('lead', '$.source', 'equal', 'inbound_demo')),
      rule('Came from a webinar or event', 10, leaf('lead', '$.source', 'in', ['webinar', 'event'])),
      rule('Champion', 10, leaf('lead', '$.persona', 'equal', 'champion')),
      rule('Budget approved', 15, leaf('lead', '$.bant.budget', 'equal', 'approved')),
      rule('Decision maker', 10, leaf('lead', '$.bant.authority', 'equal', 'decision_maker')),
      rule('Need confirmed', 10, leaf('lead', '$.bant.need', 'equal', 'confirmed')),
      rule('Buying this quarter', 10, leaf('lead', '$.bant.timeline', 'equal', 'this_quarter')),
      rule('Told us the pain', 5, leaf('lead', '$.pain', 'exists', true)),
    ] } },
    { id: 'route', kind: 'table', config: { hitPolicy: 'first', outputs: [], ports: ['sql', 'mql', 'nurture'], rows: [
      { when: { all: [leaf('scores', '$.fit', 'greaterThanInclusive', 50), leaf('scores', '$.engagement', 'greaterThanInclusive', 40)] }, port: 'sql' },
      { when: { any: [leaf('scores', '$.fit', 'greaterThanInclusive', 40), leaf('scores', '$.engagement', 'greaterThanInclusive', 30)] }, port: 'mql' },
    ], default: { port: 'nurture' } } },
    { id: 'sql', kind: 'outcome', config: { stage: 'SQL' } },
    { id: 'mql', kind: 'outcome', config: { stage: 'MQL' } },
    { id: 'nurture', kind: 'outcome', config: { stage: 'Nurture' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'fit' },
    { id: 'e2', source: 'fit', sourcePort: 'next', target: 'engagement' },
    { id: 'e3', source: 'engagement', sourcePort: 'next', target: 'route' },
    { id: 'e4', source: 'route', sourcePort: 'sql', target: 'sql' },
    { id: 'e5', source: 'route', sourcePort: 'mql', target: 'mql' },
    { id: 'e6', source: 'route', sourcePort: 'nurture', target: 'nurture' },
  ],
};

const REVENUE_TEAM = new Set(['marketing', 'sales', 'revops']);
const INDUSTRIES = new Set(['software', 'fintech', 'ecommerce', 'healthcare_it']);
const FREE = new Set(FREE_EMAIL);
const num = (v: unknown): v is number => typeof v === 'number';

/** The same model by hand: what a developer would write for these 20 rules. */
export function handAttributes(inp: LeadInput): Decision {
  const { lead, account: a } = inp;
  let fit = 0;
  const sen = lead.seniority;
  if (sen === 'c_level' || sen === 'vp') fit += 25;
  if (sen === 'director') fit += 15;
  if (sen === 'manager') fit += 8;
  if (REVENUE_TEAM.has(lead.department)) fit += 10;
  if (a) {
    if (INDUSTRIES.has(a.industry)) fit += 15;
    const emp = a.employees;
    if (num(emp) && emp >= 200 && emp <= 5000) fit += 20;
    if (num(emp) && emp >= 50 && emp < 200) fit += 10;
    if (a.region === 'NA' || a.region === 'EMEA') fit += 5;
    if (num(a.revenue) && a.revenue >= 10_000_000) fit += 10;
    if (Array.isArray(a.technologies) && a.technologies.includes('salesforce')) fit += 5;
  }
  const dom = lead.emailDomain;
  if (FREE.has(dom)) fit -= 15;
  if (typeof dom === 'string' && dom.endsWith('.edu')) fit -= 25;
  let eng = 0;
  if (lead.source === 'inbound_demo') eng += 30;
  if (lead.source === 'webinar' || lead.source === 'event') eng += 10;
  if (lead.persona === 'champion') eng += 10;
  const b = lead.bant;
  if (b) {
    if (b.budget === 'approved') eng += 15;
    if (b.authority === 'decision_maker') eng += 10;
    if (b.need === 'confirmed') eng += 10;
    if (b.timeline === 'this_quarter') eng += 10;
  }
  if (lead.pain !== undefined && lead.pain !== null) eng += 5;
  fit = round2(fit);
  eng = round2(eng);
  const [outcome, stage] = fit >= 50 && eng >= 40 ? ['sql', 'SQL'] : fit >= 40 || eng >= 30 ? ['mql', 'MQL'] : ['nurture', 'Nurture'];
  return { stage, outcome, scores: { fit, engagement: eng } };
}
