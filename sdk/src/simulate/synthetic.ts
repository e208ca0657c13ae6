// Synthetic B2B leads for the example templates, `sluice simulate --generate`, the editor's
// Simulate panel and the benchmark. Pure (no I/O); examples/data/generate.ts writes them to a file:
//
//   pnpm exec tsx examples/data/generate.ts --count 10000 --seed 42 --out examples/data/leads.ndjson
//
// Each NDJSON line is an EvaluationInput plus `id` and `now`. The same seed gives the same
// bytes: the generator has its own PRNG and never reads the clock (every date is relative to
// the fixed `now`). The distributions are tuned so that every gate of every template in
// examples/ rejects some leads and every outcome occurs (ICP fit rejects about half).
import type { EvaluationInput } from '@sluice/schemas';

/** One generated line: what `evaluate` takes, plus an id and the evaluation time. */
export interface GeneratedLead {
  id: string;
  now: string;
  lead: Record<string, unknown>;
  events: GeneratedEvent[];
  account?: Record<string, unknown>;
}

export interface GeneratedEvent {
  id: string;
  type: string;
  at: string;
  props?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface GenerateOptions {
  /** How many leads. */
  count: number;
  /** PRNG seed (any integer). Default 42. */
  seed?: number;
  /** The evaluation time all dates are relative to. Default 2025-06-11T14:00:00.000Z. */
  now?: string;
  /**
   * Start at this lead (0-based; default 0): the leads from `from` to `count - 1`, the same as
   * the tail of a run from 0. Work starts at the block holding it (see LEAD_BLOCK).
   */
  from?: number;
}

/**
 * Leads per PRNG stream: lead n (0-based) is drawn from the stream of block ⌊n / LEAD_BLOCK⌋, the
 * first block's stream seeded with the seed itself. So any block can be made on its own (worker
 * threads make a data set's blocks side by side), and the first 10,000 leads of a seed are the
 * ones a single stream gave before blocks existed.
 */
export const LEAD_BLOCK = 10_000;

/** The PRNG seed of a block: the seed for the first, a mix of both for the others. */
function blockSeed(seed: number, block: number): number {
  return block === 0 ? seed : (seed ^ Math.imul(block, 0x9e3779b9)) + block;
}

export const DEFAULT_NOW = '2025-06-11T14:00:00.000Z';
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32, so nearby seeds give unrelated streams.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // warm up: the first outputs of sfc32 still show the seed
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** A weight table read once: its keys in order, their weights and their sum (summed in that order). */
interface Table<K extends string> {
  keys: K[];
  weights: number[];
  total: number;
}
const tables = new WeakMap<object, Table<string>>();
function tableOf<K extends string>(w: Readonly<Record<K, number>>): Table<K> {
  let t = tables.get(w) as Table<K> | undefined;
  if (!t) {
    const keys = Object.keys(w) as K[];
    const weights = keys.map((k) => w[k]);
    let total = 0;
    for (const x of weights) total += x;
    tables.set(w, (t = { keys, weights, total }));
  }
  return t;
}

class Draw {
  constructor(private readonly rng: Rng) {}
  float(): number {
    return this.rng.next();
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.next() * (hi - lo + 1));
  }
  uniform(lo: number, hi: number): number {
    return lo + this.rng.next() * (hi - lo);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.next() * xs.length)]!;
  }
  /**
   * Picks a key by weight: `{ a: 3, b: 1 }` gives a three times in four. The weights' keys,
   * values and total are read once per table (the tables are module constants).
   */
  weighted<K extends string>(w: Readonly<Record<K, number>>): K {
    const t = tableOf(w);
    let x = this.rng.next() * t.total;
    const { keys, weights } = t;
    for (let i = 0; i < keys.length; i++) {
      x -= weights[i]!;
      if (x < 0) return keys[i]!;
    }
    return keys[keys.length - 1]!;
  }
  normal(): number {
    // Box–Muller; 1 - u keeps log away from 0
    const u = 1 - this.rng.next();
    const v = this.rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.rng.next());
  }
  sample<T>(xs: readonly T[], n: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(this.rng.next() * pool.length), 1)[0]!);
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

const INDUSTRIES = {
  software: 30, fintech: 11, ecommerce: 9, healthcare_it: 9, professional_services: 11,
  manufacturing: 9, retail: 7, education: 5, government: 3, nonprofit: 3, media: 3,
} as const;

const REGIONS = { NA: 52, EMEA: 33, APAC: 10, LATAM: 5 } as const;
const COUNTRIES: Record<keyof typeof REGIONS, Record<string, number>> = {
  NA: { US: 85, CA: 15 },
  EMEA: { GB: 30, DE: 25, FR: 15, NL: 10, SE: 6, ES: 6, IE: 4, AE: 4 },
  APAC: { AU: 35, SG: 20, JP: 20, IN: 25 },
  LATAM: { BR: 50, MX: 35, AR: 15 },
};
const TLD: Record<string, string> = { GB: 'co.uk', DE: 'de', FR: 'fr', NL: 'nl', SE: 'se', ES: 'es', AU: 'com.au', JP: 'jp', IN: 'in', BR: 'com.br', MX: 'mx' };

const SENIORITY = { c_level: 5, vp: 11, director: 19, manager: 27, individual_contributor: 33, student: 5 } as const;
type Seniority = keyof typeof SENIORITY;
const DEPARTMENTS = { marketing: 30, sales: 17, revops: 8, it: 12, engineering: 10, finance: 6, operations: 9, hr: 4, other: 4 } as const;
type Department = keyof typeof DEPARTMENTS;
const DEPT_NAME: Record<Department, string> = {
  marketing: 'Marketing', sales: 'Sales', revops: 'Revenue Operations', it: 'IT', engineering: 'Engineering',
  finance: 'Finance', operations: 'Operations', hr: 'People', other: 'Strategy',
};
const CHIEF: Record<Department, string> = {
  marketing: 'Chief Marketing Officer', sales: 'Chief Revenue Officer', revops: 'Chief Revenue Officer', it: 'Chief Information Officer',
  engineering: 'Chief Technology Officer', finance: 'Chief Financial Officer', operations: 'Chief Operating Officer', hr: 'Chief People Officer', other: 'Chief Executive Officer',
};
const IC_TITLE: Record<Department, string> = {
  marketing: 'Marketing Specialist', sales: 'Sales Development Representative', revops: 'Revenue Operations Analyst', it: 'Systems Administrator',
  engineering: 'Software Engineer', finance: 'Financial Analyst', operations: 'Operations Analyst', hr: 'HR Generalist', other: 'Consultant',
};
const REVENUE_TEAM = new Set<Department>(['marketing', 'sales', 'revops']);
const TECH_TEAM = new Set<Department>(['it', 'engineering']);

export const PERSONAS = ['economic_buyer', 'champion', 'technical_evaluator', 'end_user', 'influencer', 'procurement'] as const;
type Persona = (typeof PERSONAS)[number];

const FIRST = ['Dana', 'Maya', 'Tom', 'Ana', 'Lee', 'Sam', 'Priya', 'Omar', 'Grace', 'Ruth', 'Kai', 'Iris', 'Jonas', 'Lena', 'Marco', 'Aisha', 'Chen', 'Sofia', 'Noah', 'Elif', 'Mateo', 'Hana', 'Lucas', 'Zoe', 'Ravi', 'Ingrid', 'Tariq', 'Nora', 'Felix', 'Yuki', 'Amara', 'Diego'];
const LAST = ['Reyes', 'Okafor', 'Becker', 'Silva', 'Park', 'Ngata', 'Shah', 'Haddad', 'Liu', 'Adler', 'Lund', 'Hale', 'Schmidt', 'Rossi', 'Khan', 'Nguyen', 'Garcia', 'Muller', 'Tanaka', 'Kowalski', 'Dubois', 'Andersson', 'Costa', 'Ibrahim', 'Walsh', 'Fischer', 'Moreau', 'Santos', 'Patel', 'Kim', 'Novak', 'Ortiz'];
const NAME_A = ['North', 'Bright', 'Harbor', 'Ledger', 'Cart', 'Fern', 'Meridian', 'Blue', 'Iron', 'Silver', 'Summit', 'Cedar', 'Nova', 'Atlas', 'Pioneer', 'Granite', 'Lumen', 'Vector', 'Orchid', 'Quarry', 'Beacon', 'Crescent', 'Delta', 'Evergreen'];
const NAME_B: Record<string, string[]> = {
  software: ['Labs', 'Cloud', 'Stack', 'Soft', 'ly', 'io'], fintech: ['Pay', 'Capital', 'Ledger', 'Fin'], ecommerce: ['Cart', 'Shop', 'Commerce', 'Goods'],
  healthcare_it: ['Health', 'Care', 'Med', 'Clinic Systems'], professional_services: ['Partners', 'Consulting', 'Advisory', 'Group'],
  manufacturing: ['Industries', 'Works', 'Manufacturing', 'Components'], retail: ['Retail', 'Stores', 'Outfitters', 'Market'],
  education: ['University', 'Academy', 'College', 'Learning'], government: ['County', 'Agency', 'Department', 'Authority'],
  nonprofit: ['Foundation', 'Trust', 'Alliance', 'Fund'], media: ['Media', 'Studios', 'Press', 'Broadcasting'],
};
const FREE_EMAIL = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'mail.com'];
const UNIVERSITIES = ['stanford.edu', 'mit.edu', 'umich.edu', 'nyu.edu', 'utexas.edu', 'berkeley.edu'];
const COMPETITORS = [
  { domain: 'rivalflow.io', name: 'RivalFlow' },
  { domain: 'pipelinehq.com', name: 'PipelineHQ' },
];
const TECH: Record<string, number> = {
  salesforce: 0.42, hubspot: 0.26, marketo: 0.14, pardot: 0.09, outreach: 0.2, salesloft: 0.12,
  segment: 0.15, snowflake: 0.2, zendesk: 0.3, rivalflow: 0.07,
};
const TECH_NAMES = Object.keys(TECH);
const SOURCES = { inbound_demo: 6, webinar: 14, content: 22, paid_search: 16, organic: 18, event: 8, outbound: 9, partner: 4, referral: 3 } as const;
const PAINS = [
  'Reps spend hours cleaning lead lists by hand',
  'Inbound leads wait days for a first touch',
  'Marketing and sales disagree on what an MQL is',
  'No visibility into which accounts are in market',
  'Lead scoring model is a spreadsheet nobody trusts',
  'Too many junk leads reach the SDR team',
  'Cannot route leads by territory fast enough',
];
const STAKEHOLDERS = ['CRO', 'VP Marketing', 'VP Sales', 'Director of Marketing Ops', 'Sales Ops lead', 'IT security', 'Procurement', 'CFO'];
const CAUTIONS = ['Security review takes ~3 weeks', 'Existing contract with a competitor until Q4', 'Champion is new in the role', 'Prefers email over calls', 'Budget owner is in another region'];
const URLS = ['/', '/product', '/product/routing', '/product/scoring', '/integrations/salesforce', '/integrations/hubspot', '/customers', '/blog/lead-scoring-decay', '/blog/bant-is-not-dead', '/blog/buying-groups', '/docs/getting-started', '/security', '/about'];
const ASSETS = ['lead-routing-playbook', 'scoring-benchmark-2025', 'buying-group-guide', 'roi-calculator', 'revops-maturity-model'];
const WEBINARS = ['waterfall-101', 'decay-done-right', 'abm-for-revops', 'sla-playbook'];
const CAMPAIGNS = ['q2-roi-guide', 'product-update-may', 'webinar-invite', 'case-study-series', 'newsletter'];

// ---------------------------------------------------------------------------------------
// Generation

type Heat = 'cold' | 'warm' | 'hot' | 'blazing';
const HEAT = { cold: 36, warm: 38, hot: 19, blazing: 7 } as const;

// Weight tables of single draws (module constants: Draw.weighted reads each once).
const FUNDING_BIG = { public: 6, growth: 3, bootstrapped: 1 } as const;
const FUNDING_SMALL = { bootstrapped: 4, seed: 2, series_a: 3, series_b: 2, series_c: 1, growth: 1 } as const;
const REVENUE_DIRECTOR = { champion: 6, economic_buyer: 2.5, influencer: 1.5 } as const;
const REVENUE_MANAGER = { champion: 5.5, end_user: 3, influencer: 1.5 } as const;
const BUDGET_KEEN = { approved: 30, planned: 30, none: 15, unknown: 25 } as const;
const BUDGET_COOL = { approved: 12, planned: 22, none: 30, unknown: 36 } as const;
const NOT_DECIDER = { influencer: 5, user: 3, unknown: 2 } as const;
const NEED_KEEN = { confirmed: 50, exploring: 30, none: 5, unknown: 15 } as const;
const NEED_COOL = { confirmed: 25, exploring: 35, none: 15, unknown: 25 } as const;
const TIMELINE_KEEN = { this_quarter: 28, next_quarter: 27, this_year: 20, next_year: 10, unknown: 15 } as const;
const TIMELINE_COOL = { this_quarter: 10, next_quarter: 17, this_year: 28, next_year: 20, unknown: 25 } as const;
const CONTACT_SENIORITY = { c_level: 4, vp: 10, director: 20, manager: 30, individual_contributor: 36 } as const;
const SEND_BACK = { too_early: 45, no_budget: 35, no_authority: 20 } as const;
const LOSS = { budget_timing: 30, lost_to_competitor: 25, no_decision: 25, price: 12, bad_fit: 8 } as const;
const OPEN_STAGE = { Lead: 6, MQL: 2, Nurture: 2 } as const;
const ENGAGED: Record<Heat, number> = { cold: 0.1, warm: 0.35, hot: 0.6, blazing: 0.8 };

interface Ctx {
  d: Draw;
  nowMs: number;
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `YYYY-MM-DDT` per day since 1970 (the generator's dates span a few years: a few thousand). */
const dayPrefix = new Map<number, string>();
/**
 * `new Date(ms).toISOString()`, without a Date per call (a third of the generator's time was
 * spent there): the day's prefix is cached, the time of day built from two-digit strings.
 * Years before 1970 or after 9999 go through Date.
 */
export function iso(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    if (dayPrefix.size < 100_000) dayPrefix.set(day, prefix);
  }
  let t = ms - day * DAY;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const sec = t % 60;
  t = (t - sec) / 60;
  const min = t % 60;
  return `${prefix}${TWO[(t - min) / 60]}:${TWO[min]}:${TWO[sec]}.${THREE[milli]}Z`;
}
// whole seconds look like real CRM timestamps
const ago = (c: Ctx, days: number) => iso(c.nowMs - Math.round(days * 86_400) * 1000);
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

const OTHER_TLD = ['com', 'com', 'io', 'co'];
/** A company name from its two parts, and the name as a domain label; a few hundred pairs, each made once. */
const companyNames = new Map<string, { name: string; slug: string }>();
function companyName(a: string, b: string): { name: string; slug: string } {
  const key = `${a}|${b}`;
  let v = companyNames.get(key);
  if (!v) {
    const name = `${a}${b}`.replace(/([a-z])([A-Z])/g, '$1 $2');
    companyNames.set(key, (v = { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '') }));
  }
  return v;
}

function makeAccount(c: Ctx, n: number) {
  const { d } = c;
  const industry = d.weighted(INDUSTRIES);
  const region = d.weighted(REGIONS);
  const country = d.weighted(COUNTRIES[region]);
  const employees = Math.round(clamp(d.logNormal(260, 1.35), 2, 250_000));
  const revenue = Math.round((employees * d.logNormal(170_000, 0.55)) / 1000) * 1000;
  const { name, slug } = companyName(d.pick(NAME_A), d.pick(NAME_B[industry]!));
  const domain = `${slug}.${TLD[country] ?? d.pick(OTHER_TLD)}`;
  const technologies = TECH_NAMES.filter((t) => d.chance(TECH[t]! * (employees > 200 ? 1.2 : 0.8)));
  const fundingStage = employees > 5000 ? d.weighted(FUNDING_BIG) : d.weighted(FUNDING_SMALL);
  const funding: Record<string, unknown> = { stage: fundingStage };
  if (fundingStage !== 'bootstrapped' && fundingStage !== 'public') funding.lastRoundAt = ago(c, d.uniform(5, 1400));
  const openRoles = Math.round(clamp(employees * 0.025 * d.logNormal(1, 0.9), 0, 5000));
  const gtmRoles = Math.round(openRoles * d.uniform(0.05, 0.4));
  const account: Record<string, unknown> = {
    id: `acct-${String(n).padStart(6, '0')}`,
    name,
    domain,
    industry,
    employees,
    revenue,
    country,
    region,
    technologies,
    funding,
    hiring: { openRoles, gtmRoles },
  };
  // enrichment gaps: some accounts come back without revenue
  if (d.chance(0.03)) delete account.revenue;
  if (d.chance(0.3)) account.intent = { surge: d.int(5, 100), updatedAt: ago(c, d.uniform(0, 90)) };
  return account;
}

function personaFor(d: Draw, seniority: Seniority, dept: Department): Persona {
  if (seniority === 'student') return 'end_user';
  if (seniority === 'c_level' || seniority === 'vp') {
    if (dept === 'finance') return 'economic_buyer';
    if (TECH_TEAM.has(dept)) return d.chance(0.6) ? 'economic_buyer' : 'technical_evaluator';
    return d.chance(0.8) ? 'economic_buyer' : 'champion';
  }
  if (seniority === 'director') {
    if (REVENUE_TEAM.has(dept)) return d.weighted(REVENUE_DIRECTOR);
    if (TECH_TEAM.has(dept)) return d.chance(0.7) ? 'technical_evaluator' : 'champion';
    if (dept === 'finance') return d.chance(0.5) ? 'procurement' : 'influencer';
    return 'influencer';
  }
  if (seniority === 'manager') {
    if (REVENUE_TEAM.has(dept)) return d.weighted(REVENUE_MANAGER);
    if (TECH_TEAM.has(dept)) return d.chance(0.8) ? 'technical_evaluator' : 'end_user';
    if (dept === 'finance') return 'procurement';
    return d.chance(0.5) ? 'influencer' : 'end_user';
  }
  if (TECH_TEAM.has(dept)) return d.chance(0.4) ? 'technical_evaluator' : 'end_user';
  return d.chance(0.8) ? 'end_user' : 'influencer';
}

function titleFor(d: Draw, seniority: Seniority, dept: Department): string {
  switch (seniority) {
    case 'c_level':
      return CHIEF[dept];
    case 'vp':
      return `VP ${DEPT_NAME[dept]}`;
    case 'director':
      return d.chance(0.3) ? `Head of ${DEPT_NAME[dept]}` : `Director of ${DEPT_NAME[dept]}`;
    case 'manager':
      return `${DEPT_NAME[dept]} Manager`;
    case 'student':
      return d.pick(['MBA Student', 'Graduate Student', 'Undergraduate Student']);
    default:
      return IC_TITLE[dept];
  }
}

function eventProps(d: Draw, type: string): Record<string, unknown> | undefined {
  switch (type) {
    case 'page_view':
      return { url: d.chance(0.03) ? d.pick(['/careers', '/careers/sales-engineer', '/careers/product-designer']) : d.pick(URLS) };
    case 'pricing_view':
      return { url: '/pricing', plan: d.pick(['team', 'business', 'enterprise']) };
    case 'content_download':
      return { asset: d.pick(ASSETS) };
    case 'webinar_attended':
      return { webinar: d.pick(WEBINARS) };
    case 'email_click':
      return { campaign: d.pick(CAMPAIGNS) };
    case 'demo_request':
      return { form: 'book-a-demo' };
    default:
      return undefined;
  }
}

const MIX: Record<Heat, Record<string, number>> = {
  cold: { page_view: 62, email_click: 22, content_download: 10, webinar_attended: 3, pricing_view: 3 },
  warm: { page_view: 52, email_click: 20, content_download: 13, webinar_attended: 6, pricing_view: 9 },
  hot: { page_view: 46, email_click: 14, content_download: 14, webinar_attended: 9, pricing_view: 17 },
  blazing: { page_view: 42, email_click: 10, content_download: 14, webinar_attended: 10, pricing_view: 24 },
};

/**
 * An event stream over the last 12 months: a burst that ended `recency` days ago and trails
 * back `spread` days. Sorted oldest first, as an event store returns them.
 */
function makeEvents(c: Ctx, idPrefix: string, heat: Heat, count: number, recency: number, spread: number, demo: boolean): GeneratedEvent[] {
  const { d } = c;
  const ages: { age: number; type: string }[] = [];
  for (let i = 0; i < count; i++) ages.push({ age: Math.min(365, recency + d.exponential(spread)), type: d.weighted(MIX[heat]) });
  if (demo) ages.push({ age: Math.min(365, recency + d.exponential(2)), type: 'demo_request' });
  // a few events arrive with a clock ahead of ours: the engine must ignore them
  if (d.chance(0.004)) ages.push({ age: -d.uniform(0.1, 3), type: d.weighted(MIX[heat]) });
  ages.sort((a, b) => b.age - a.age);
  const out: GeneratedEvent[] = new Array(ages.length);
  for (let i = 0; i < ages.length; i++) {
    const { age, type } = ages[i]!;
    const props = eventProps(d, type);
    const e: GeneratedEvent = { id: `${idPrefix}-e${i + 1 < 1000 ? THREE[i + 1] : i + 1}`, type, at: ago(c, age) };
    if (props) e.props = props;
    out[i] = e;
  }
  return out;
}

function leadEvents(c: Ctx, id: string, heat: Heat): GeneratedEvent[] {
  const { d } = c;
  switch (heat) {
    case 'cold':
      return makeEvents(c, id, heat, d.int(0, 3), d.uniform(0, 365), 90, false);
    case 'warm':
      return makeEvents(c, id, heat, Math.round(clamp(d.logNormal(5, 0.6), 1, 40)), d.exponential(45), 50, d.chance(0.03));
    case 'hot':
      return makeEvents(c, id, heat, Math.round(clamp(d.logNormal(12, 0.5), 3, 80)), d.exponential(6), 18, d.chance(0.16));
    default:
      return makeEvents(c, id, heat, Math.round(clamp(d.logNormal(24, 0.5), 6, 120)), d.exponential(2), 12, d.chance(0.45));
  }
}

function makeBant(d: Draw, seniority: Seniority, heat: Heat): Record<string, unknown> {
  const keen = heat === 'hot' || heat === 'blazing';
  const bant: Record<string, unknown> = {
    budget: d.weighted(keen ? BUDGET_KEEN : BUDGET_COOL),
    authority: (() => {
      const p = seniority === 'c_level' || seniority === 'vp' ? 0.7 : seniority === 'director' ? 0.35 : 0.06;
      return d.chance(p) ? 'decision_maker' : d.weighted(NOT_DECIDER);
    })(),
    need: d.weighted(keen ? NEED_KEEN : NEED_COOL),
    timeline: d.weighted(keen ? TIMELINE_KEEN : TIMELINE_COOL),
  };
  if ((bant.budget === 'approved' || bant.budget === 'planned' || bant.budget === 'unknown') && d.chance(0.45)) {
    bant.budgetAmount = Math.round(d.logNormal(30_000, 0.9) / 500) * 500;
  }
  return bant;
}

function makeContact(c: Ctx, account: string, k: number, heat: Heat): Record<string, unknown> {
  const { d } = c;
  const seniority = d.weighted(CONTACT_SENIORITY);
  const dept = d.weighted(DEPARTMENTS);
  const id = `${account}-c${String(k).padStart(2, '0')}`;
  const engagedP = ENGAGED[heat];
  const events = d.chance(engagedP)
    ? makeEvents(c, id, heat, d.int(1, 5), d.exponential(heat === 'cold' ? 30 : 8), 10, heat === 'blazing' && d.chance(0.1))
    : makeEvents(c, id, 'cold', d.int(0, 2), d.uniform(31, 365), 60, false);
  return { id, persona: personaFor(d, seniority, dept), seniority, title: titleFor(d, seniority, dept), events };
}

function makeOne(c: Ctx, n: number, now: string): GeneratedLead {
  const { d } = c;
  const id = `lead-${String(n).padStart(6, '0')}`;
  const heat = d.weighted(HEAT);
  const seniority = d.weighted(SENIORITY);
  const dept: Department = seniority === 'student' ? 'other' : d.weighted(DEPARTMENTS);
  const first = d.pick(FIRST);
  const last = d.pick(LAST);

  // the company: a competitor, no match at all, or an enriched account
  const competitor = seniority !== 'student' && d.chance(0.012) ? d.pick(COMPETITORS) : undefined;
  let account: Record<string, unknown> | undefined = makeAccount(c, n);
  if (competitor) Object.assign(account, { name: competitor.name, domain: competitor.domain, industry: 'software', region: 'NA', country: 'US' });
  let domain = account.domain as string;
  if (seniority === 'student') {
    domain = d.chance(0.7) ? d.pick(UNIVERSITIES) : d.pick(FREE_EMAIL);
    if (d.chance(0.7)) account = undefined;
  } else if (d.chance(0.1)) {
    domain = d.pick(FREE_EMAIL);
    // a personal address is often not matched to a company
    if (d.chance(0.3)) account = undefined;
  } else if (d.chance(0.03)) {
    account = undefined;
  }

  const persona = personaFor(d, seniority, dept);
  const events = leadEvents(c, id, heat);
  const lead: Record<string, unknown> = {
    id,
    firstName: first,
    lastName: last,
    email: `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`,
    emailDomain: domain,
    title: titleFor(d, seniority, dept),
    seniority,
    department: dept,
    persona,
    source: d.weighted(SOURCES),
    createdAt: ago(c, d.uniform(1, 720)),
  };
  if (d.chance(0.01)) delete lead.email;
  if (d.chance(0.04)) lead.unsubscribed = true;
  // discovery call answers exist for most leads; the rest were never called
  if (d.chance(0.88)) lead.bant = makeBant(d, seniority, heat);
  const bant = lead.bant as Record<string, unknown> | undefined;
  if (bant && (bant.need === 'confirmed' || bant.need === 'exploring')) lead.pain = d.pick(PAINS);
  if (d.chance(0.55)) lead.stakeholders = d.sample(STAKEHOLDERS, d.int(1, 4));
  if (d.chance(0.2)) lead.cautions = [d.pick(CAUTIONS)];

  // CRM history: send-backs and losses, and the last activity they imply
  let lastActivity = d.chance(0.34) ? d.uniform(91, 540) : d.uniform(0, 89);
  if (d.chance(0.12)) {
    const at = d.uniform(1, 300);
    lead.sendBack = { reason: d.weighted(SEND_BACK), at: ago(c, at) };
    lastActivity = Math.min(lastActivity, at);
  }
  if (d.chance(0.11)) {
    const at = d.uniform(5, 540);
    const loss = { reason: d.weighted(LOSS), at: ago(c, at) };
    lead.loss = loss;
    lastActivity = Math.min(lastActivity, at);
    // A recycled loss carries the re-approach date its recycle outcome gave it (recycle-by-reason:
    // 6 or 11 months after the loss), as the CRM keeps it. Derived, no draw: other fields stay.
    const months = loss.reason === 'budget_timing' ? 6 : loss.reason === 'lost_to_competitor' ? 11 : 0;
    if (months > 0) {
      const when = new Date(Date.parse(loss.at));
      when.setUTCMonth(when.getUTCMonth() + months);
      lead.reapproachAt = when.toISOString();
    }
  }
  // the CRM only logs activity up to yesterday's sync; web events since then are new
  lead.lastActivityAt = ago(c, Math.max(1, lastActivity));
  lead.stage = lead.loss ? 'Recycled' : lead.sendBack ? 'Nurture' : d.weighted(OPEN_STAGE);

  if (account) {
    const accountHeat = d.chance(0.6) ? heat : d.weighted(HEAT);
    const employees = account.employees as number;
    const size = Math.round(clamp(d.logNormal(employees > 500 ? 4 : 2.5, 0.6), 1, 10));
    const contacts: Record<string, unknown>[] = [{ id: `${id}-self`, persona, seniority, title: lead.title, events }];
    for (let k = 1; k < size; k++) contacts.push(makeContact(c, account.id as string, k, accountHeat));
    account.contacts = contacts;
  }
  const out: GeneratedLead = { id, now, lead, events };
  if (account) out.account = account;
  return out;
}

/**
 * Yields `count` synthetic leads, one at a time (the benchmark streams a million).
 *
 * @example
 * for (const line of iterateLeads({ count: 3, seed: 7 })) console.log(line.id);
 */
export function* iterateLeads(opts: GenerateOptions): Generator<GeneratedLead> {
  const now = opts.now ?? DEFAULT_NOW;
  const nowMs = Date.parse(now);
  if (!Number.isFinite(nowMs)) throw new TypeError(`generateLeads: now must be an ISO date-time, got ${now}`);
  const seed = opts.seed ?? 42;
  const from = Math.max(0, Math.floor(opts.from ?? 0));
  const nowIso = iso(nowMs);
  const c: Ctx = { d: new Draw(createRng(seed)), nowMs };
  // i is 0-based; lead ids count from 1. Leads of the first block before `from` are made and dropped.
  for (let i = from - (from % LEAD_BLOCK); i < opts.count; i++) {
    if (i % LEAD_BLOCK === 0) c.d = new Draw(createRng(blockSeed(seed, i / LEAD_BLOCK)));
    const lead = makeOne(c, i + 1, nowIso);
    if (i >= from) yield lead;
  }
}

/**
 * `count` synthetic leads as an array. Deterministic: same options, same leads.
 *
 * @example
 * const leads = generateLeads({ count: 1000, seed: 42 });
 * evaluate(ruleSet, leads[0]!, { now: leads[0]!.now });
 */
export function generateLeads(opts: GenerateOptions): GeneratedLead[] {
  return [...iterateLeads(opts)];
}

/** The EvaluationInput part of a generated line. */
export function toInput(line: GeneratedLead): EvaluationInput {
  return line.account ? { lead: line.lead, events: line.events, account: line.account } : { lead: line.lead, events: line.events };
}

