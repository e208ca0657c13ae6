// Messages between the Simulate panel (main thread) and its Web Worker. The worker keeps the
// data set it last loaded, so a re-run after an edit sends only the new rule set.
import type { ComparisonReport, Field, RuleSet, SimulationReport } from '@sluice/schemas';

/** Where the leads come from. A File posts to a worker without copying its bytes. */
export type DataSource =
  | { kind: 'generated'; count: number; seed: number }
  | { kind: 'upload'; file: File; format: 'ndjson' | 'csv'; mapping: ExplicitMapping; fields: Field[] }
  | { kind: 'stored'; key: string | null; limit: number; nonce: number };

/** CSV column → start-node field key (`lead.title`), `-` to skip it; unnamed columns use the SDK's defaults. */
export type ExplicitMapping = Record<string, string>;

/** What a loaded data set holds, for the panel to show. */
export interface DataSummary {
  label: string;
  /** Inputs loaded (bad rows excluded). */
  rows: number;
  /** Rows that could not be read: row number and why, the first few; `problemCount` all. */
  problems: { row: number; message: string }[];
  problemCount: number;
  /** Where the run's `now` came from when the inputs carry their own (generated lines do). */
  ownNow: boolean;
  /** A CSV's columns and the fields they went to. */
  columns?: { column: string; key: string | null; by: string }[];
}

export type ToWorker =
  | { type: 'simulate'; job: number; data: DataSource; ruleSet: RuleSet; now: string; sample: number }
  | { type: 'compare'; job: number; data: DataSource; before: RuleSet; after: RuleSet; now: string; sample: number }
  | { type: 'leads'; job: number; data: DataSource; indices: number[] }
  | { type: 'cancel'; job: number };

/** One lead of the loaded data set, as the lists show and open it. */
export interface LeadRow {
  index: number;
  /** The input's id (line id, lead id or e-mail) when it has one. */
  id: string | null;
  input: unknown;
}

export type FromWorker =
  | { type: 'progress'; job: number; phase: 'loading' | 'simulating' | 'comparing'; done: number; total: number | null }
  | { type: 'simulated'; job: number; report: SimulationReport; data: DataSummary; ms: { load: number; run: number } }
  | { type: 'compared'; job: number; report: ComparisonReport; data: DataSummary; ms: { load: number; run: number } }
  | { type: 'leads'; job: number; leads: LeadRow[] }
  | { type: 'cancelled'; job: number }
  | { type: 'failed'; job: number; message: string };
