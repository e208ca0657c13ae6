// Signatures and descriptions of the functions, for the editor's completion and the docs.
// Kept apart from the table so that an engine bundle that never imports EXPRESSION_FUNCTIONS
// drops the text.
import { FUNCTIONS } from './functions.js';

const DOCS: Record<string, [string, string]> = {
  lower: ['s', 'Lower-cases a string. lower("ACME") → "acme"'],
  upper: ['s', 'Upper-cases a string. upper("us") → "US"'],
  trim: ['s', 'Removes white space at both ends. trim("  a ") → "a"'],
  len: ['x', 'Length of a string or a list, else null. len(lead.tags) → 3'],
  contains: ['x, v', 'Whether list x holds v, or string x contains string v (same as v in x). contains(lead.tags, "vip") → true'],
  startsWith: ['s, prefix', 'Whether s starts with prefix. startsWith("ceo@acme.com", "ceo@") → true'],
  endsWith: ['s, suffix', 'Whether s ends with suffix. endsWith(lead.email, ".edu") → false'],
  concat: ['...values', 'Joins the string forms of its arguments; null counts as "". concat("Ada", " ", null, 1) → "Ada 1"'],
  round: ['x, digits?', 'Rounds half away from zero to 0–15 decimals (default 0). round(2.345, 2) → 2.35'],
  floor: ['x', 'Largest integer not above x. floor(2.7) → 2'],
  ceil: ['x', 'Smallest integer not below x. ceil(2.1) → 3'],
  abs: ['x', 'Absolute value. abs(-3) → 3'],
  min: ['...xs', 'Smallest number; lists are spread, nulls skipped, other values give null. min(3, [1, 2]) → 1'],
  max: ['...xs', 'Largest number; lists are spread, nulls skipped, other values give null. max(3, [1, 2]) → 3'],
  clamp: ['x, lo, hi', 'x limited to lo..hi. clamp(120, 0, 100) → 100'],
  coalesce: ['...values', 'The first argument that is not null. coalesce(null, "none") → "none"'],
  number: ['x', 'Number from a number, a decimal string or a boolean, else null. number(" 42 ") → 42'],
  string: ['x', 'Text form; lists and objects as JSON; null stays null. string(42) → "42"'],
  date: ['x', 'Epoch ms of an ISO date or date-time (no offset: UTC) or of epoch ms. date("2024-01-02") → 1704153600000'],
  daysSince: ['date', 'Days from date to now (fractional). daysSince("2024-01-01") → 30 when now is 2024-01-31'],
  daysBetween: ['a, b', 'Days from a to b (fractional, negative when b is earlier). daysBetween("2024-01-01", "2024-01-31") → 30'],
  addDays: ['date, n', 'Epoch ms of date plus n days. addDays("2024-01-01", 1) → 1704153600000'],
  now: ['', 'The evaluation time in epoch ms, as given by the caller. daysBetween(lead.createdAt, now())'],
  count: ['list', 'Number of items; 0 when not a list. count(events) → 12'],
  sum: ['list, field?', 'Sum of the numbers in a list, or of a (dotted) field of its items; other values skipped. sum(events, "points") → 40'],
  some: ['list, field, value', 'Whether an item has field equal to value. some(events, "type", "demo_request") → true'],
  countWhere: ['list, field, value', 'Number of items whose field equals value. countWhere(events, "type", "pricing_view") → 3'],
  if: ['cond, a, b', 'a when cond is truthy, else b. if(lead.employees > 500, "enterprise", "smb") → "smb"'],
};

const build = () =>
  Object.keys(FUNCTIONS).map((name) => {
    const [params, doc] = DOCS[name] ?? ['', ''];
    return { name, signature: `${name}(${params})`, doc };
  });

/**
 * The functions an expression can call: signature and a one-line doc with an example.
 * @example
 * EXPRESSION_FUNCTIONS.find((f) => f.name === 'round')?.signature; // 'round(x, digits?)'
 */
export const EXPRESSION_FUNCTIONS: readonly { name: string; signature: string; doc: string }[] = /* @__PURE__ */ build();
