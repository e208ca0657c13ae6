// Funnel planning and measurement: pure, shared by the runtime, the CLI and the editor.
export { backCalculate, formatPlan, loadPlan, withMeasuredRates } from './plan.js';
export type { MeasuredStep, PlannedStage, PlanLoadResult } from './plan.js';
export { CRM_STAGES, DEFAULT_FUNNEL_SEQUENCE, DEFAULT_RECYCLED_STAGE, measureFunnel, median, periodKey } from './measure.js';
export type { FunnelAnswer, FunnelBy, FunnelEntry, FunnelHandoffRow, MeasureInput, Measured } from './measure.js';
