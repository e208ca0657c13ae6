// The two templates written by hand in plain TypeScript: the baseline every engine is
// compared with. Same semantics as the flows in examples/ for the data the generator makes
// (numbers are numbers, dates are ISO strings); no tracing, no result document.
import { capAbs, DAY, type Decision, type LeadInput, round2, withDue } from './common.js';

const REVENUE_TEAM = new Set(['marketing', 'sales', 'revops']);
const FIT_INDUSTRIES = new Set(['software', 'fintech', 'ecommerce', 'healthcare_it']);
const FREE_EMAIL = new Set(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'mail.com']);
const COMPETITORS = new Set(['rivalflow.io', 'pipelinehq.com']);
const num = (v: unknown): v is number => typeof v === 'number';

/** fit-engagement-decay's fit score: attribute rules. */
export function fitScore(lead: Record<string, any>, account: Record<string, any> | undefined): number {
  let fit = 0;
  const sen = lead.seniority;
  const dom = lead.emailDomain;
  if (sen === 'c_level' || sen === 'vp') fit += 25;
  if (sen === 'director') fit += 15;
  if (sen === 'manager') fit += 8;
  if (REVENUE_TEAM.has(lead.department)) fit += 10;
  if (account) {
    if (FIT_INDUSTRIES.has(account.industry)) fit += 15;
    const emp = account.employees;
    if (num(emp) && emp >= 200 && emp <= 5000) fit += 20;
    if (num(emp) && emp >= 50 && emp < 200) fit += 10;
  }
  if (FREE_EMAIL.has(dom)) fit -= 15;
  if (sen === 'student' || (typeof dom === 'string' && dom.endsWith('.edu'))) fit -= 25;
  if (COMPETITORS.has(dom)) fit -= 60;
  return round2(fit);
}

/**
 * fit-engagement-decay's engagement rules, one contribution per rule: points per event,
 * 90-day half-life, the rule's cap, rounded to 2 decimals. Also what the engines that cannot
 * decay are given as input.
 */
export function engagementParts(events: LeadInput['events'], nowMs: number): number[] {
  let pv = 0, careers = 0, pricing = 0, download = 0, webinar = 0, click = 0, demo = 0;
  for (const ev of events) {
    const at = Date.parse(ev.at);
    if (!(at <= nowMs)) continue;
    const f = 0.5 ** ((nowMs - at) / DAY / 90);
    switch (ev.type) {
      case 'page_view':
        pv += f;
        if (typeof ev.props?.url === 'string' && ev.props.url.startsWith('/careers')) careers += -5 * f;
        break;
      case 'pricing_view': pricing += 8 * f; break;
      case 'content_download': download += 6 * f; break;
      case 'webinar_attended': webinar += 10 * f; break;
      case 'email_click': click += 2 * f; break;
      case 'demo_request': demo += 30 * f; break;
    }
  }
  return [round2(capAbs(pv, 10)), round2(capAbs(careers, 10)), round2(capAbs(pricing, 24)), round2(capAbs(download, 18)), round2(capAbs(webinar, 20)), round2(capAbs(click, 10)), round2(capAbs(demo, 30))];
}

/** The engagement node: the sum of its rules, capped at 100. */
export function engagementScore(parts: number[]): number {
  let total = 0;
  for (const p of parts) total += p;
  return round2(Math.min(100, total));
}

export function gradeOf(fit: number, eng: number): string {
  const f = fit >= 55 ? 'A' : fit >= 35 ? 'B' : fit >= 15 ? 'C' : 'D';
  const e = eng >= 50 ? '1' : eng >= 25 ? '2' : eng >= 10 ? '3' : '4';
  return f + e;
}

export const ROUTES: Record<string, [string, string]> = { sql: ['sql', 'SQL'], mql: ['mql', 'MQL'], deprioritise: ['deprio', 'Nurture'], nurture: ['nurture', 'Nurture'] };
export function routeOf(grade: string): string {
  if (grade === 'A1' || grade === 'A2' || grade === 'B1') return 'sql';
  if (grade === 'A3' || grade === 'B2' || grade === 'C1') return 'mql';
  if (grade === 'D1' || grade === 'D2') return 'deprioritise';
  return 'nurture';
}

export function handFitEngagement(inp: LeadInput, nowMs: number): Decision {
  const fit = fitScore(inp.lead, inp.account);
  const engagement = engagementScore(engagementParts(inp.events, nowMs));
  const grade = gradeOf(fit, engagement);
  const [outcome, stage] = ROUTES[routeOf(grade)]!;
  return withDue('fit-engagement-decay', { stage, outcome, scores: { fit, engagement }, grade }, nowMs);
}

const ICP_INDUSTRIES = new Set(['software', 'fintech', 'ecommerce', 'healthcare_it', 'professional_services']);
const TOUCHES = new Set(['page_view', 'content_download', 'webinar_attended', 'email_click']);

const within = (iso: unknown, days: number, nowMs: number) => {
  if (typeof iso !== 'string') return false;
  const t = Date.parse(iso);
  return t >= nowMs - days * DAY && t <= nowMs;
};

export function handWaterfall(inp: LeadInput, nowMs: number): Decision {
  const { lead, account: a, events } = inp;
  const reject = (gate: string): Decision => ({ stage: 'Rejected', outcome: gate, scores: { research: 0 } });
  if (!a || !ICP_INDUSTRIES.has(a.industry) || !(a.employees >= 50 && a.employees <= 10_000) || !(a.revenue >= 5_000_000) || !(a.region === 'NA' || a.region === 'EMEA')) {
    return reject('icp');
  }
  let touches = 0;
  let hot = 0;
  let demo7 = 0;
  for (const ev of events) {
    const t = Date.parse(ev.at);
    if (!(t <= nowMs)) continue;
    if (t >= nowMs - 30 * DAY) {
      if (TOUCHES.has(ev.type)) touches++;
      else if (ev.type === 'pricing_view' || ev.type === 'demo_request') hot++;
    }
    if (ev.type === 'demo_request' && t >= nowMs - 7 * DAY) demo7++;
  }
  const surge = a.intent && a.intent.surge >= 70 && within(a.intent.updatedAt, 30, nowMs);
  if (!(touches >= 3 || hot >= 1 || surge)) return reject('intent');
  const tech: unknown[] = Array.isArray(a.technologies) ? a.technologies : [];
  let research = 0;
  if (tech.includes('salesforce') || tech.includes('hubspot')) research += 15;
  if (tech.includes('marketo') || tech.includes('pardot') || tech.includes('hubspot')) research += 10;
  if (tech.includes('rivalflow')) research -= 10;
  if (within(a.funding?.lastRoundAt, 365, nowMs)) research += 15;
  if (a.hiring?.gtmRoles >= 3) research += 10;
  if (a.hiring?.openRoles >= 20) research += 5;
  if (!(research >= 20)) return { stage: 'Rejected', outcome: 'signals', scores: { research } };
  const b = lead.bant ?? {};
  let met = 0;
  if (b.budget === 'approved' || b.budget === 'planned' || b.budgetAmount >= 10_000) met++;
  if (b.authority === 'decision_maker' || lead.seniority === 'c_level' || lead.seniority === 'vp') met++;
  if (b.need === 'confirmed') met++;
  if (b.timeline === 'this_quarter' || b.timeline === 'next_quarter') met++;
  if (met < 3) return { stage: 'Nurture', outcome: 'nurture', scores: { research } };
  return withDue('waterfall-6-layer', { stage: 'SQL', outcome: demo7 > 0 ? 'handoffHot' : 'handoff', scores: { research } }, nowMs);
}
