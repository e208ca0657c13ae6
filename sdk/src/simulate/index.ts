// Simulation: run a data set through a rule set and count where the leads go; compare two
// rule sets on the same data. Pure: the CLI and the editor feed the inputs.
export { createSimulation, createPartCounter, simulate, evaluateInput, countedResult } from './simulate.js';
export type { Simulation, SimulateOptions, CountedResult, PartCounter, SimulationPart } from './simulate.js';
export { createComparison, compare, inputId } from './compare.js';
export type { Comparison } from './compare.js';
export type { SimulationReport, ComparisonReport, ScoreHistogram } from '@sluice/schemas';
export { generateLeads, iterateLeads, LEAD_BLOCK, DEFAULT_NOW as SYNTHETIC_NOW } from './synthetic.js';
export type { GeneratedLead, GeneratedEvent, GenerateOptions } from './synthetic.js';
export { createCsvReader, readCsv } from './csv.js';
export type { CsvReader, CsvRecord } from './csv.js';
export { mapColumns } from './mapping.js';
export type { ColumnMapping } from './mapping.js';
export { createNdjsonReader, createCsvDataSetReader, createLineReader, badRowLog, startFields, ndjsonInput } from './dataset.js';
export type { DataSetReader, DataSetRow, TextLine, SyntaxErrorText } from './dataset.js';
