// Test fixtures: a small flow whose stage depends on an attribute and on events, so tests
// can move a lead between stages by sending events.
export const DEMO_ID = 'demo-flow';

const cond = (fact: string, path: string, operator: string, value: unknown) => ({ all: [{ fact, path, operator, value }] });

/** start → score `fit` → table (fit ≥ 60 sql, ≥ 30 mql, else nurture) → three outcomes. */
export function demoFlow(id = DEMO_ID, over: { sqlAt?: number; webhooks?: { url: string }[] } = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id,
    name: 'Demo flow',
    scores: [{ name: 'fit' }],
    ...(over.webhooks ? { webhooks: over.webhooks } : {}),
    nodes: [
      { id: 'start', kind: 'start', config: { fields: [{ key: 'lead.employees', type: 'number' }] } },
      {
        id: 'score',
        kind: 'score',
        config: {
          score: 'fit',
          rules: [
            { label: 'Big company', when: cond('lead', '$.employees', 'greaterThanInclusive', 100), points: 40 },
            { label: 'Demo request', event: { types: ['demo_request'] }, points: 30 },
            { label: 'Page views', event: { types: ['page_view'] }, points: 5, cap: 15 },
          ],
        },
      },
      {
        id: 'route',
        kind: 'table',
        config: {
          hitPolicy: 'first',
          outputs: [],
          ports: ['sql', 'mql', 'nurture'],
          rows: [
            { label: 'Hot', when: cond('scores', '$.fit', 'greaterThanInclusive', over.sqlAt ?? 60), port: 'sql' },
            { label: 'Warm', when: cond('scores', '$.fit', 'greaterThanInclusive', 30), port: 'mql' },
          ],
          default: { port: 'nurture' },
        },
      },
      {
        id: 'sql',
        kind: 'outcome',
        config: { stage: 'SQL', handoff: { team: 'ae', sla: { within: 4, unit: 'businessHours', timeZone: 'UTC', workingHours: { start: '09:00', end: '17:00' } } } },
      },
      { id: 'mql', kind: 'outcome', config: { stage: 'MQL' } },
      { id: 'nurture', kind: 'outcome', config: { stage: 'Nurture' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'score' },
      { id: 'e2', source: 'score', sourcePort: 'next', target: 'route' },
      { id: 'e3', source: 'route', sourcePort: 'sql', target: 'sql' },
      { id: 'e4', source: 'route', sourcePort: 'mql', target: 'mql' },
      { id: 'e5', source: 'route', sourcePort: 'nurture', target: 'nurture' },
    ],
  };
}

/** The flow with a broken condition operator: does not compile (node `score`). */
export function brokenFlow(id = DEMO_ID): Record<string, unknown> {
  const f = demoFlow(id) as { nodes: { id: string; config: { rules?: { when?: { all: { operator: string }[] } }[] } }[] };
  const rule = f.nodes[1]?.config.rules?.[0];
  if (rule?.when?.all[0]) rule.when.all[0].operator = 'bogusOperator';
  return f as unknown as Record<string, unknown>;
}

/** A flow with a set node (start → calc → done): its expression `lead.employees * 2`. */
export function setFlow(id: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id,
    name: 'With a set node',
    nodes: [
      { id: 'start', kind: 'start', config: { fields: [{ key: 'lead.employees', type: 'number' }] } },
      { id: 'calc', kind: 'set', config: { assign: [{ name: 'size', expr: 'lead.employees * 2' }] } },
      { id: 'done', kind: 'outcome', config: { stage: 'MQL' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'calc' },
      { id: 'e2', source: 'calc', sourcePort: 'next', target: 'done' },
    ],
  };
}

/**
 * A HubSpot-style contact export for simulate/impact (fields of examples/fit-engagement-decay):
 * BOM, CRLF, quoted commas and quotes, a line break inside a quote, and two bad rows (row 4: a
 * number that is not one; row 7: a row with a missing field).
 */
export const HUBSPOT_CSV =
  '\uFEFF"Record ID","First Name","Email","Job Title","Seniority","Department","Company name","Industry","Number of Employees","Region","Lifecycle Stage","Lead Status"\r\n' +
  '101,Ada,ada@acme.io,"VP, Revenue Operations",VP,revops,"Acme, Inc.",software,"1,200",NA,lead,NEW\r\n' +
  '102,Bob,bob@gmail.com,Student,student,other,,education,,,subscriber,\r\n' +
  '103,Cy,cy@big.co,"Director of ""Growth""",director,marketing,Big Co,financial_services,many,EMEA,lead,OPEN\r\n' +
  '104,Di,di@mid.io,"Manager,\r\nSales",manager,sales,Mid,software,250,NA,marketingqualifiedlead,IN_PROGRESS\r\n' +
  '105,Ed,ed@x.io,CTO,c_level\r\n' +
  '106,Fay,fay@corp.com,Chief Marketing Officer,c_level,marketing,Corp,software,5000,NA,lead,NEW\r\n';

const simEvents = (n: number, type: string) => Array.from({ length: n }, (_, i) => ({ id: `${type}-${i}`, type, at: `2025-06-0${1 + (i % 9)}T10:00:00Z` }));
/** NDJSON leads for simulate: inputs, a bare lead, a blank line and three bad lines (4, 6, 8). */
export const SIMULATE_NDJSON =
  [
    JSON.stringify({ id: 'a', lead: { email: 'a@acme.io', seniority: 'vp', department: 'revops' }, account: { industry: 'software', employees: 1200, region: 'NA' }, events: [...simEvents(3, 'pricing_view'), ...simEvents(1, 'demo_request')] }),
    JSON.stringify({ id: 'b', lead: { email: 'b@gmail.com', seniority: 'student' } }),
    '',
    '{"id": "c", "lead": ',
    JSON.stringify({ id: 'd', lead: { seniority: 'manager', department: 'sales' }, account: { industry: 'software', employees: 250, region: 'NA' }, events: simEvents(6, 'page_view') }),
    '[1, 2]',
    JSON.stringify({ email: 'bare@corp.com', seniority: 'c_level', department: 'marketing' }),
    JSON.stringify({ id: 'e', lead: { seniority: 'vp' }, now: 'last tuesday' }),
  ].join('\n');
