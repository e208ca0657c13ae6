// Business time (SLA due times) and calendar time (re-approach dates). Pure: no clock.
export { computeDueAt, slaIssues } from './business.js';
export { addCalendar, toIso } from './calendar.js';
