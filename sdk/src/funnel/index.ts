// Funnel planning and measurement: pure, shared by the runtime, the CLI and the editor.
export { backCalculate, formatPlan, loadPlan, withMeasuredRates } from './plan.js';
export type { MeasuredStep, PlannedStage, PlanLoadResult } from './plan.js';
export { measureFunnel, median } from './measure.js';
export type { MeasureInput, Measured } from './measure.js';
export { CRM_STAGES, DEFAULT_FUNNEL_SEQUENCE, DEFAULT_RECYCLED_STAGE, periodKey, periodRanges, tallyEntries } from './tally.js';
export type { FunnelAnswer, FunnelBy, FunnelEntry, FunnelHandoffRow, FunnelTallies, HandoffTally, StageTally, TallyInput } from './tally.js';
