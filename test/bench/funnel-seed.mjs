// A year of stage history for the funnel benchmark, written straight into a SQLite database
// made by the built store (its migrations), so that 1,000,000 records take seconds to seed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { openSqliteStore } = await import(join(root, 'runtime', 'dist', 'store', 'sqlite.js'));
const Database = createRequire(join(root, 'runtime', 'package.json'))('better-sqlite3');
const DAY = 86_400_000;
const YEAR0 = Date.parse('2025-01-01T00:00:00Z');

/** A small deterministic PRNG (mulberry32), so every run writes the same history. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `records` history rows: leads arrive evenly over 2025 and walk Lead → MQL (60 %) → SQL
 * (50 %) → Meeting (70 %, from the CRM) → Won (30 %) or Lost, some to Nurture or Rejected;
 * one in ten MQLs that stall is recycled, half of those come back to MQL a month later and
 * some of them go on to SQL and meetings (first entries after recycling, counted apart);
 * rule-set version 1 until July, 2 after. Handoffs on SQL. The funnel columns that depend on
 * the plan (funnel_next_at, funnel_recycled) are left to the store, which works them out when
 * the plan is set.
 */
function generate(records, id, sink) {
  const SOURCES = ['ads', 'webinar', 'organic', 'event', 'partner'];
  const r = rng(42);
  let n = 0;
  let leads = 0;
  while (n < records) {
    const leadId = `L${leads++}`;
    let at = YEAR0 + Math.floor(r() * 365 * DAY);
    const source = SOURCES[Math.floor(r() * SOURCES.length)];
    sink.lead([leadId, JSON.stringify({ source }), at, source]);
    let from = null;
    const entered = new Map();
    const step = (to, cause = 'events', days = 1 + r() * 20) => {
      if (n >= records) return false;
      at += Math.floor(days * DAY);
      const crm = cause === 'crm';
      sink.record([leadId, id, at < YEAR0 + 181 * DAY ? 1 : 2, from, to, at, cause, crm ? 'crm' : null, crm ? `${leadId}-${to}` : null, to === 'Lost' ? 'budget_timing' : null, entered.get(to) ?? null, source]);
      entered.set(to, at);
      from = to;
      n++;
      return true;
    };
    if (!step('Lead', 'events', 0)) break;
    const x = r();
    if (x < 0.25) { step('Nurture'); continue; }
    if (x < 0.4) { step('Rejected'); continue; }
    if (!step('MQL')) break;
    if (r() < 0.5) {
      if (r() >= 0.2) continue;
      step('Recycled');
      if (r() >= 0.5) continue;
      step('MQL', 'events', 30);
      if (r() >= 0.4) continue;
    }
    if (!step('SQL')) break;
    const due = at + 2 * DAY;
    sink.handoff([leadId, id, 1, 'SQL', 'ae', due, at, r() < 0.8 ? at + Math.floor(r() * 3 * DAY) : null, 'ae', source]);
    if (r() < 0.3) continue;
    if (!step('Meeting', 'crm')) break;
    step(r() < 0.3 ? 'Won' : 'Lost', 'crm', 20 + r() * 60);
  }
  return { records: n, leads };
}

// prev_at and lead_source as the store keeps them (runtime/src/store/funnel-sql.ts): the lead's
// previous entry into the same stage (a lead's records are written in time order here, so it
// is the last seen), the lead's source.
const RECORD_COLUMNS = 'lead_id, rule_set_id, version, from_stage, to_stage, at, cause, source, record_id, reason, prev_at, lead_source';
const HANDOFF_COLUMNS = 'lead_id, rule_set_id, version, stage, team, due_at, created_at, touched_at, touched_by, lead_source';
const LEAD_COLUMNS = 'id, attributes, updated_at, source';

/** Seeds a SQLite database file (made by the built store's migrations) in one transaction. */
export function seed(file, records, id) {
  const store = openSqliteStore(file); // creates the schema through the store's migrations
  void store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insert = (table, cols) => db.prepare(`INSERT INTO ${table} (${cols}) VALUES (${cols.split(',').map(() => '?').join(', ')})`);
  const [record, handoff, lead] = [insert('stage_history', RECORD_COLUMNS), insert('handoffs', HANDOFF_COLUMNS), insert('leads', LEAD_COLUMNS)];
  const out = db.transaction(() => generate(records, id, { record: (r) => record.run(...r), handoff: (h) => handoff.run(...h), lead: (l) => lead.run(...l) }))();
  db.close();
  return out;
}

/**
 * Seeds a PostgreSQL database (`client`, its schema made by the store's migrations) with the
 * same history: generated in memory, then 10,000 rows per INSERT … SELECT FROM unnest.
 */
export async function seedPostgres(client, records, id) {
  const rows = { stage_history: [], handoffs: [], leads: [] };
  const out = generate(records, id, { record: (r) => rows.stage_history.push(r), handoff: (h) => rows.handoffs.push(h), lead: (l) => rows.leads.push(l) });
  const tables = [
    ['leads', LEAD_COLUMNS, ['text', 'text', 'bigint', 'text']],
    ['stage_history', RECORD_COLUMNS, ['text', 'text', 'int', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'bigint', 'text']],
    ['handoffs', HANDOFF_COLUMNS, ['text', 'text', 'int', 'text', 'text', 'bigint', 'bigint', 'bigint', 'text', 'text']],
  ];
  for (const [table, cols, types] of tables) {
    const all = rows[table];
    for (let i = 0; i < all.length; i += 10_000) {
      const chunk = all.slice(i, i + 10_000);
      await client.query(
        `INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${types.map((t, k) => `$${k + 1}::${t}[]`).join(', ')})`,
        types.map((_, k) => chunk.map((r) => r[k])),
      );
    }
  }
  await client.query('ANALYZE');
  return out;
}
