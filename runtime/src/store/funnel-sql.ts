// The funnel's SQL, for SQLite and PostgreSQL alike. Parameters are written `@name`; the
// PostgreSQL store turns them into `$n` (postgres.ts, positional()).
//
// What each stage record keeps, so that a funnel over a window is a few index range scans
// with no look-up per record (1,000,000 records: docs/funnel.md#speed):
// - `prev_at`: the time of the same lead's previous entry into the same stage (same rule set,
//   handoff answers aside, order (at, seq)). A record is the lead's first entry into its
//   stage in [from, to) exactly when prev_at is null or before `from`.
// - `funnel_next_at`: the lead's first entry, at or after this one, into a stage further along
//   the rule set's funnel sequence; `funnel_recycled`: 1 when the lead had passed the recycled
//   stage before. Both depend on the sequence (the plan), so the rule set's *funnel basis*
//   (tables funnel_basis, funnel_stages) says which sequence they were worked out for, and
//   whether every record has been worked out yet (built_to, ready).
// All three are kept when a record is written (AFTER_INSERT_SQL), in the write's
// transaction; a new basis is worked out lead range by lead range (buildBatchSql) and the
// funnel waits for it (store.funnelTallies). `lead_source`: the lead's source as it is now,
// copied onto its records and handoffs (SYNC_SOURCE_SQL), so that grouping by it reads a column.
import { periodRanges } from '@sluice/sdk';
import type { FunnelBy, FunnelTallies, HandoffTally, StageTally } from '@sluice/sdk';

/** The sequence position of the record `r`'s stage, null when it is not in its rule set's basis. */
const posOf = (r: string) => `(SELECT o.pos FROM funnel_stages o WHERE o.rule_set_id = ${r}.rule_set_id AND o.stage = ${r}.to_stage)`;

const NEXT_AT = `funnel_next_at = (SELECT MIN(h.at) FROM stage_history h JOIN funnel_stages p ON p.rule_set_id = h.rule_set_id AND p.stage = h.to_stage
    WHERE h.lead_id = stage_history.lead_id AND h.rule_set_id = stage_history.rule_set_id AND h.cause <> 'handoff' AND h.at >= stage_history.at
    AND p.pos > ${posOf('stage_history')})`;
const RECYCLED = `funnel_recycled = CASE WHEN EXISTS (SELECT 1 FROM stage_history r
    WHERE r.lead_id = stage_history.lead_id AND r.rule_set_id = stage_history.rule_set_id AND r.cause <> 'handoff' AND r.at < stage_history.at
    AND r.to_stage = (SELECT b.recycled_stage FROM funnel_basis b WHERE b.rule_set_id = @rs)) THEN 1 ELSE 0 END`;
const PREV_AT = `prev_at = (SELECT h.at FROM stage_history h
    WHERE h.lead_id = stage_history.lead_id AND h.rule_set_id = stage_history.rule_set_id AND h.to_stage = stage_history.to_stage AND h.cause <> 'handoff'
    AND h.at <= stage_history.at AND (h.at < stage_history.at OR h.seq < stage_history.seq) ORDER BY h.at DESC, h.seq DESC LIMIT 1)`;

/** The new record's prev_at (the lead's previous entry into the same stage), once statement 1 has set it. */
const NEW_PREV_AT = '(SELECT n.prev_at FROM stage_history n WHERE n.seq = @seq)';

/**
 * After record @seq of lead @lead is inserted into rule set @rs, stage @stage at @at (not a
 * handoff answer): its own funnel columns, then only the lead's records it changes — the
 * next entry into the same stage (prev_at); earlier records of stages before it in the
 * sequence that had gone on later or not at all (funnel_next_at: only those since the lead's
 * previous entry into this stage can, the others went on by then); later records when it is
 * the lead's first entry into the recycled stage (funnel_recycled). A CRM record may be dated
 * before, between or at the same time as the others. Every statement seeks an index range of
 * the lead's records (stage_history_lead_at, stage_history_lead_stage), so a lead whose stage
 * flips back and forth a thousand times costs no more a write than one with ten records.
 */
export const AFTER_INSERT_SQL = [
  `UPDATE stage_history SET ${PREV_AT}, ${NEXT_AT}, ${RECYCLED} WHERE seq = @seq`,
  `UPDATE stage_history SET prev_at = @at WHERE seq = (
  SELECT seq FROM stage_history WHERE lead_id = @lead AND rule_set_id = @rs AND to_stage = @stage AND cause <> 'handoff' AND at > @at ORDER BY at, seq LIMIT 1)`,
  `UPDATE stage_history SET funnel_next_at = @at
WHERE lead_id = @lead AND rule_set_id = @rs AND at <= @at AND at >= COALESCE(${NEW_PREV_AT}, -9007199254740991)
  AND cause <> 'handoff' AND (funnel_next_at IS NULL OR funnel_next_at > @at)
  AND ${posOf('stage_history')} < (SELECT o.pos FROM funnel_stages o WHERE o.rule_set_id = @rs AND o.stage = @stage)`,
  `UPDATE stage_history SET funnel_recycled = 1
WHERE lead_id = @lead AND rule_set_id = @rs AND at > @at AND cause <> 'handoff' AND funnel_recycled = 0
  AND EXISTS (SELECT 1 FROM funnel_basis b WHERE b.rule_set_id = @rs AND b.recycled_stage = @stage) AND ${NEW_PREV_AT} IS NULL`,
];

/**
 * One batch of working out a new basis: the records of leads in (@after, @until], or after
 * @after when `last`. prev_at does not depend on the basis.
 */
export function buildBatchSql(last: boolean): string {
  // `rule_set_id || ''`: the batch walks the lead index; on the rule set's own index it would
  // read every record of the rule set for each batch.
  return `UPDATE stage_history SET ${NEXT_AT}, ${RECYCLED}
WHERE lead_id > @after${last ? '' : ' AND lead_id <= @until'} AND rule_set_id || '' = @rs AND cause <> 'handoff'`;
}

/** Where the next batch ends: the lead of the @size-th record after @after (null: fewer are left). */
export const BATCH_END_SQL = `SELECT lead_id FROM stage_history WHERE lead_id > @after AND rule_set_id = @rs ORDER BY lead_id LIMIT 1 OFFSET @size`;

/**
 * Records per build batch: 45–65 ms each on SQLite (22–33 µs a record), the longest a write
 * or, on SQLite, the event loop waits for a batch.
 */
export const BUILD_BATCH_RECORDS = 2_000;

/** The names of the `@name` parameters of `sql`, each once, in order of first use. */
export function paramNames(sql: string): string[] {
  return [...new Set([...sql.matchAll(/@([a-z]\w*)/gi)].map((m) => m[1] as string))];
}

/** The basis of a rule set, if any: { sequence (JSON), recycled_stage, built_to, ready }. */
export const BASIS_SQL = 'SELECT sequence, recycled_stage, built_to, ready FROM funnel_basis WHERE rule_set_id = @rs';

/** Statements that make (sequence, recycled) the rule set's basis, to be worked out from the first lead. */
export function setBasisStatements(rs: string, sequence: readonly string[], recycledStage: string): [string, Record<string, unknown>][] {
  return [
    ['DELETE FROM funnel_stages WHERE rule_set_id = @rs', { rs }],
    ['DELETE FROM funnel_basis WHERE rule_set_id = @rs', { rs }],
    ["INSERT INTO funnel_basis (rule_set_id, sequence, recycled_stage, built_to, ready) VALUES (@rs, @sequence, @recycled, '', 0)", { rs, sequence: JSON.stringify(sequence), recycled: recycledStage }],
    // A stage named twice keeps its first place (a plan's stages are unique; the defaults are).
    ...[...new Set(sequence)].map((stage, pos): [string, Record<string, unknown>] => ['INSERT INTO funnel_stages (rule_set_id, stage, pos) VALUES (@rs, @stage, @pos)', { rs, stage, pos }]),
  ];
}

/** The basis row says it was worked out for this sequence and recycled stage. */
export function sameBasis(row: Record<string, unknown> | undefined, sequence: readonly string[], recycledStage: string): boolean {
  return row !== undefined && row.sequence === JSON.stringify(sequence) && row.recycled_stage === recycledStage;
}

/** Every stage the rule set's records enter (handoff answers aside): a skip from one stage to the next along the index, not a scan. */
export const STAGES_SQL = `WITH RECURSIVE s(stage) AS (
  SELECT MIN(to_stage) FROM stage_history WHERE rule_set_id = @rs AND cause <> 'handoff'
  UNION ALL
  SELECT (SELECT MIN(h.to_stage) FROM stage_history h WHERE h.rule_set_id = @rs AND h.cause <> 'handoff' AND h.to_stage > s.stage) FROM s WHERE s.stage IS NOT NULL
) SELECT stage FROM s WHERE stage IS NOT NULL`;

/**
 * After a lead write that changed its source (@lead): its records and handoffs take the
 * lead's source as it is now (leads.source, kept from the attributes on every lead write; new
 * records and handoffs take it when inserted, LEAD_SOURCE_OF), so that grouping by source is
 * a column read, not a look-up per record.
 */
export const SYNC_SOURCE_SQL = [
  `UPDATE stage_history SET lead_source = (SELECT l.source FROM leads l WHERE l.id = @lead)
WHERE lead_id = @lead AND lead_source IS DISTINCT FROM (SELECT l.source FROM leads l WHERE l.id = @lead)`,
  `UPDATE handoffs SET lead_source = (SELECT l.source FROM leads l WHERE l.id = @lead)
WHERE lead_id = @lead AND lead_source IS DISTINCT FROM (SELECT l.source FROM leads l WHERE l.id = @lead)`,
];

/** The current source of the lead whose id is the parameter (`?`: SQLite's positional form). */
export const LEAD_SOURCE_OF = (param: string) => `(SELECT l.source FROM leads l WHERE l.id = ${param})`;

/** leads.source: the `source` attribute when it is a string (`by=source` groups by it). */
export function leadSource(attributes: Record<string, unknown>): string | null {
  return typeof attributes.source === 'string' ? attributes.source : null;
}

/** What a funnel's tallies are asked of: the window, the basis it needs, how it is grouped, `now` for open handoffs. */
export interface TallyRequest {
  ruleSetId: string;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  sequence: readonly string[];
  recycledStage: string;
  by?: FunnelBy;
  now: number;
}

/** One statement of a funnel's tallies and what its rows are. */
export interface TallyStatement {
  kind: 'entries' | 'toNext' | 'handoffs' | 'responses' | 'answers';
  sql: string;
  /**
   * How its rows come: 'rows' (arrays, the group first), 'values' (one number per row, no
   * group), 'joined' (per group: the group and its numbers joined by commas). Reading a
   * window's 400,000 times to the next stage as plain values costs a third of reading them
   * as rows; grouped, one string per group costs half.
   */
  shape: 'rows' | 'values' | 'joined';
  params: Record<string, unknown>;
  stage?: string;
  /** The period the statement covers (by month or quarter): its rows' group. */
  period?: string;
}

/**
 * The statements of a funnel's tallies: per stage (`stages`: every stage the rule set's
 * records enter) and per period piece of the window, the first entries counted (reached,
 * recycled) and the times to the next stage of those that went on; the handoffs created and
 * their response times; the answers. Grouping by version or source is a GROUP BY on each.
 */
export function tallyStatements(q: TallyRequest, stages: readonly string[]): TallyStatement[] {
  const g = (table: string) => (q.by === 'version' ? `${table}.version` : q.by === 'source' ? `${table}.lead_source` : 'NULL');
  const pieces = q.by === 'month' || q.by === 'quarter' ? periodRanges(q.fromMs, q.toMs, q.by) : [{ key: undefined, fromMs: q.fromMs, toMs: q.toMs }];
  const first = `FROM stage_history sh WHERE sh.rule_set_id = @rs AND sh.cause <> 'handoff' AND sh.to_stage = @stage AND sh.at >= @a AND sh.at < @b
    AND (sh.prev_at IS NULL OR sh.prev_at < @from)`;
  const hand = 'FROM handoffs ho WHERE ho.rule_set_id = @rs AND ho.created_at >= @a AND ho.created_at < @b';
  // The numbers of a list (times to the next stage, response times): plain values when the
  // statement has one group, else joined per group.
  const grouped = q.by === 'version' || q.by === 'source';
  const list = (table: string, ms: string, from: string): Pick<TallyStatement, 'sql' | 'shape'> =>
    grouped
      ? { shape: 'joined', sql: `SELECT ${g(table)} AS g, string_agg(CAST(${ms} AS TEXT), ',') AS ms ${from} GROUP BY 1` }
      : { shape: 'values', sql: `SELECT ${ms} AS ms ${from}` };
  const out: TallyStatement[] = [];
  for (const p of pieces) {
    const base = { rs: q.ruleSetId, from: q.fromMs, a: p.fromMs, b: p.toMs };
    const at = p.key === undefined ? {} : { period: p.key };
    for (const stage of stages) {
      out.push({ kind: 'entries', stage, ...at, params: { ...base, stage }, shape: 'rows', sql: `SELECT ${g('sh')} AS g, COUNT(*) AS n, SUM(sh.funnel_recycled) AS recycled ${first} GROUP BY 1` });
      const i = q.sequence.indexOf(stage);
      if (i >= 0 && i < q.sequence.length - 1) {
        out.push({ kind: 'toNext', stage, ...at, params: { ...base, stage }, ...list('sh', 'sh.funnel_next_at - sh.at', `${first} AND sh.funnel_recycled = 0 AND sh.funnel_next_at IS NOT NULL`) });
      }
    }
    out.push({
      kind: 'handoffs', ...at, params: { ...base, now: q.now }, shape: 'rows',
      sql: `SELECT ${g('ho')} AS g, COUNT(*) AS n, SUM(CASE WHEN ho.touched_at <= ho.due_at THEN 1 ELSE 0 END) AS on_time,
        SUM(CASE WHEN ho.touched_at IS NULL AND ho.due_at >= @now THEN 1 ELSE 0 END) AS open ${hand} GROUP BY 1`,
    });
    out.push({ kind: 'responses', ...at, params: base, ...list('ho', 'ho.touched_at - ho.created_at', `${hand} AND ho.touched_at IS NOT NULL`) });
    out.push({
      kind: 'answers', ...at, params: base, shape: 'rows',
      sql: `SELECT ${g('sh')} AS g, sh.to_stage AS answer, COUNT(*) AS n FROM stage_history sh WHERE sh.rule_set_id = @rs AND sh.cause = 'handoff' AND sh.at >= @a AND sh.at < @b GROUP BY 1, 2`,
    });
  }
  return out;
}

/**
 * The tallies from each statement's rows (`rows[i]` answers `statements[i]`, in its shape;
 * numbers may come as strings or bigints from PostgreSQL). A group is `v<version>` by
 * version, the source or "(none)" by source, the period's key by period, null ungrouped.
 */
export function assembleTallies(q: Pick<TallyRequest, 'by'>, statements: TallyStatement[], rows: unknown[][]): FunnelTallies {
  const groupOf = (s: TallyStatement, g: unknown): string | null => {
    if (s.period !== undefined) return s.period;
    if (q.by === 'version') return `v${Number(g)}`;
    if (q.by === 'source') return g == null ? '(none)' : String(g);
    return null;
  };
  const stages = new Map<string, StageTally>();
  const stage = (group: string | null, name: string) => {
    const k = `${group}\u0000${name}`;
    return stages.get(k) ?? stages.set(k, { group, stage: name, reached: 0, recycled: 0, toNextMs: [] }).get(k) as StageTally;
  };
  const handoffs = new Map<string | null, HandoffTally>();
  const handoff = (group: string | null) =>
    handoffs.get(group) ?? handoffs.set(group, { group, total: 0, onTime: 0, breached: 0, open: 0, responseMs: [], accepted: 0, sentBack: 0 }).get(group) as HandoffTally;
  /** A list statement's numbers, per group. */
  const lists = (s: TallyStatement, got: unknown[]): [string | null, number[]][] => {
    if (s.shape === 'values') return got.length ? [[groupOf(s, null), got.map(Number)]] : [];
    return (got as unknown[][]).map((r) => [groupOf(s, r[0]), String(r[1]).split(',').map(Number)]);
  };
  statements.forEach((s, i) => {
    const got = rows[i] ?? [];
    if (s.kind === 'toNext') {
      for (const [group, ms] of lists(s, got)) {
        const t = stage(group, s.stage as string);
        for (const x of ms) t.toNextMs.push(x);
      }
      return;
    }
    if (s.kind === 'responses') {
      for (const [group, ms] of lists(s, got)) {
        const t = handoff(group);
        for (const x of ms) t.responseMs.push(x);
      }
      return;
    }
    for (const r of got as unknown[][]) {
      const group = groupOf(s, r[0]);
      if (s.kind === 'entries') {
        const t = stage(group, s.stage as string);
        t.recycled += Number(r[2]);
        t.reached += Number(r[1]) - Number(r[2]);
      } else if (s.kind === 'handoffs') {
        const t = handoff(group);
        t.total += Number(r[1]);
        t.onTime += Number(r[2]);
        t.open += Number(r[3]);
        t.breached += Number(r[1]) - Number(r[2]) - Number(r[3]);
      } else if (r[1] === 'accepted') handoff(group).accepted += Number(r[2]);
      else handoff(group).sentBack += Number(r[2]);
    }
  });
  return { stages: [...stages.values()], handoffs: [...handoffs.values()] };
}

/**
 * Migration: each record's prev_at, filled for every stored record, and the funnel's indexes
 * (the same statements in both stores). Released; kept as it ran (FUNNEL_BASIS_MIGRATION
 * replaces its index).
 */
export const PREV_AT_MIGRATION = `
ALTER TABLE stage_history ADD COLUMN prev_at BIGINT;
UPDATE stage_history SET prev_at = p.prev FROM (
  SELECT seq, LAG(at) OVER (PARTITION BY lead_id, rule_set_id, to_stage ORDER BY at, seq) AS prev FROM stage_history WHERE cause <> 'handoff'
) p WHERE p.seq = stage_history.seq AND p.prev IS NOT NULL;
DROP INDEX stage_history_window;
CREATE INDEX stage_history_funnel ON stage_history(rule_set_id, at, lead_id, to_stage, version, prev_at, cause) WHERE cause <> 'handoff';
CREATE INDEX stage_history_answers ON stage_history(rule_set_id, at) WHERE cause = 'handoff';
`;

/** A lead's `source` attribute when it is a string, as each dialect reads JSON (leads.attributes). */
export const SQLITE_LEAD_SOURCE = "CASE WHEN json_type(attributes, '$.source') = 'text' THEN json_extract(attributes, '$.source') END";
export const POSTGRES_LEAD_SOURCE = "CASE WHEN jsonb_typeof(attributes::jsonb -> 'source') = 'string' THEN attributes::jsonb ->> 'source' END";

/**
 * Migration: the funnel basis (no rule set has one yet: the first funnel of each works it
 * out), each lead's source as a column copied onto its records and handoffs (filled from the
 * attributes, `leadSource`: the dialect's JSON read), the index the tallies read, one
 * range per (rule set, stage), covering, one a write seeks a lead's entries into a stage by,
 * and the handoffs' window index made covering.
 */
export function funnelBasisMigration(leadSourceSql: string): string {
  return `
ALTER TABLE stage_history ADD COLUMN funnel_next_at BIGINT;
ALTER TABLE stage_history ADD COLUMN funnel_recycled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stage_history ADD COLUMN lead_source TEXT;
ALTER TABLE handoffs ADD COLUMN lead_source TEXT;
ALTER TABLE leads ADD COLUMN source TEXT;
UPDATE leads SET source = ${leadSourceSql};
UPDATE stage_history SET lead_source = (SELECT l.source FROM leads l WHERE l.id = stage_history.lead_id);
UPDATE handoffs SET lead_source = (SELECT l.source FROM leads l WHERE l.id = handoffs.lead_id);
CREATE TABLE funnel_basis (rule_set_id TEXT PRIMARY KEY, sequence TEXT NOT NULL, recycled_stage TEXT NOT NULL, built_to TEXT NOT NULL, ready INTEGER NOT NULL);
CREATE TABLE funnel_stages (rule_set_id TEXT NOT NULL, stage TEXT NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (rule_set_id, stage));
DROP INDEX stage_history_funnel;
CREATE INDEX stage_history_funnel_stage ON stage_history(rule_set_id, to_stage, at, prev_at, funnel_recycled, funnel_next_at, version, lead_source) WHERE cause <> 'handoff';
CREATE INDEX stage_history_lead_stage ON stage_history(lead_id, rule_set_id, to_stage, at, cause);
DROP INDEX handoffs_created;
CREATE INDEX handoffs_funnel ON handoffs(rule_set_id, created_at, touched_at, due_at, version, lead_source);
`;
}
