// From CSV rows to evaluation inputs: which column feeds which field of the start node, and
// how a cell becomes a value of the field's type. Columns are matched, in this order, by an
// explicit mapping, by the field's key or label, by the names HubSpot and Salesforce exports
// use ("Job Title", "Number of Employees", "Country/Region", ...), and otherwise kept as
// lead.<columnInCamelCase> so no data is lost.
import type { Field } from '@sluice/schemas';
import { RESERVED_NAMES } from '../core/check.js';
import { toEpochMs } from '../core/dates.js';

/** Where one column goes: a field key such as `lead.title` or `account.employees`. */
export interface ColumnMapping {
  column: string;
  /** The field key the column fills; null when the column is skipped. */
  key: string | null;
  /** How it was matched. */
  by: 'mapping' | 'field' | 'crm' | 'column' | 'skipped';
  type: Field['type'];
}

/**
 * CRM export column names (normalised: lower case, letters and digits only) → the names a
 * field for the same thing may have (normalised likewise), first one used when the flow has none.
 */
const CRM_COLUMNS = new Map<string, string[]>(Object.entries({
  jobtitle: ['title', 'jobtitle'],
  title: ['title', 'jobtitle'],
  companysize: ['employees', 'numberofemployees', 'companysize', 'employeecount'],
  numberofemployees: ['employees', 'numberofemployees', 'companysize', 'employeecount'],
  employees: ['employees', 'numberofemployees', 'companysize', 'employeecount'],
  industry: ['industry'],
  countryregion: ['country', 'countryregion'],
  country: ['country', 'countryregion'],
  stateregion: ['state', 'stateregion'],
  region: ['region'],
  lifecyclestage: ['lifecyclestage', 'stage'],
  leadstatus: ['leadstatus', 'status'],
  status: ['status', 'leadstatus'],
  email: ['email'],
  emailaddress: ['email'],
  firstname: ['firstname'],
  lastname: ['lastname'],
  company: ['name', 'company', 'companyname'],
  companyname: ['name', 'company', 'companyname'],
  accountname: ['name', 'company', 'companyname'],
  annualrevenue: ['revenue', 'annualrevenue'],
  leadsource: ['source', 'leadsource'],
  originalsource: ['source', 'originalsource'],
  seniority: ['seniority'],
  department: ['department'],
  recordid: ['id'],
  leadid: ['id'],
  id: ['id'],
}));

/** The field name a CRM column gets when the flow declares no field for it (else its camelCase). */
const CRM_DEFAULT_NAMES = new Map(Object.entries({ jobtitle: 'title', companysize: 'employees', numberofemployees: 'employees', company: 'name', companyname: 'name', accountname: 'name', countryregion: 'country', emailaddress: 'email', recordid: 'id', leadid: 'id' }));

/** CRM fields about the company: with no such field in the flow they go to account.*. */
const ACCOUNT_COLUMNS = new Set(['companysize', 'numberofemployees', 'employees', 'industry', 'annualrevenue', 'company', 'companyname', 'accountname']);

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const lastSegment = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** `Company size` → `companySize`: a property name made of the column's letters and digits. */
function camel(column: string): string {
  const words = column.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const s = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  const name = /^[A-Za-z_]/.test(s) ? s : `c${s}`;
  return RESERVED_NAMES.has(name) ? `${name}Column` : name;
}

/**
 * Decides where each column goes.
 *
 * @param header the CSV's first row
 * @param fields the start node's fields
 * @param explicit column name → field key (or `-` to skip the column); wins over everything
 * @example
 * mapColumns(['Job Title', 'Number of Employees'], fields, {});
 * // [{ column: 'Job Title', key: 'lead.title', by: 'crm', ... }, { column: ..., key: 'account.employees', by: 'crm', ... }]
 */
export function mapColumns(header: string[], fields: Field[], explicit: Record<string, string> = {}): ColumnMapping[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const typeOf = (key: string): Field['type'] => byKey.get(key)?.type ?? 'string';
  const explicitNorm = new Map(Object.entries(explicit).map(([c, k]) => [norm(c), k]));
  return header.map((column): ColumnMapping => {
    const n = norm(column);
    const given = Object.hasOwn(explicit, column) ? explicit[column] : explicitNorm.get(n);
    if (given !== undefined) {
      if (given === '-' || given === '') return { column, key: null, by: 'skipped', type: 'string' };
      return { column, key: given, by: 'mapping', type: typeOf(given) };
    }
    const field = fields.find((f) => norm(f.key) === n || norm(lastSegment(f.key)) === n || (f.label !== undefined && norm(f.label) === n));
    if (field) return { column, key: field.key, by: 'field', type: field.type };
    // A Map: a column named "constructor" must not find Object.prototype's.
    const names = CRM_COLUMNS.get(n);
    if (names) {
      const hit = fields.find((f) => names.includes(norm(lastSegment(f.key))));
      if (hit) return { column, key: hit.key, by: 'crm', type: hit.type };
      const prefix = ACCOUNT_COLUMNS.has(n) ? 'account' : 'lead';
      const key = `${prefix}.${CRM_DEFAULT_NAMES.get(n) ?? camel(column)}`;
      return { column, key, by: 'crm', type: key.endsWith('.employees') || n === 'annualrevenue' ? 'number' : 'string' };
    }
    return { column, key: `lead.${camel(column)}`, by: 'column', type: 'string' };
  });
}

/** Why a mapping cannot be used (a key that is not a plain `lead.`/`account.` path), or null. */
export function mappingProblem(m: ColumnMapping): string | null {
  if (m.key === null) return null;
  const parts = m.key.split('.');
  if ((parts[0] !== 'lead' && parts[0] !== 'account') || parts.length < 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) || RESERVED_NAMES.has(p))) {
    return `column "${m.column}" maps to ${m.key}: a field is lead.<name> or account.<name>, with plain names`;
  }
  return null;
}

/**
 * A cell as a value of its field's type; undefined for an empty cell (the field is absent, as a
 * CRM export leaves it). Throws a message naming the column when the cell does not fit.
 */
export function cellValue(cell: string, m: ColumnMapping, field: Field | undefined): unknown {
  const text = cell.trim();
  if (text === '') return undefined;
  switch (m.type) {
    case 'number': {
      // "1,200", "$2,000,000"; a range such as "51-200" or "10,001+" (CRM size bands) counts as its lower bound
      const band = /^\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:(?:-|–|to)\s*\$?[0-9][0-9,]*(?:\.[0-9]+)?|\+)?$/i.exec(text);
      const n = band ? Number(band[1]!.replace(/,/g, '')) : Number(text);
      if (!Number.isFinite(n)) throw new Error(`column "${m.column}": "${text}" is not a number (${m.key} is a number)`);
      return n;
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(t)) return true;
      if (['false', 'no', 'n', '0'].includes(t)) return false;
      throw new Error(`column "${m.column}": "${text}" is not true/false or yes/no (${m.key} is a boolean)`);
    }
    case 'date':
      if (toEpochMs(text) === undefined) throw new Error(`column "${m.column}": "${text}" is not a date (${m.key} is a date; use ISO-8601, e.g. 2026-01-31)`);
      return text;
    case 'list':
      // HubSpot's multiple-checkbox properties export as "a;b;c"
      return text.split(';').map((s) => s.trim()).filter(Boolean).map((s) => known(s, field?.values));
    default:
      return known(text, field?.values);
  }
}

/** A CRM's "VP" for a field whose known values say "vp": the known spelling. */
function known(text: string, values: Field['values']): string {
  if (!values) return text;
  const n = norm(text);
  const hit = values.find((v) => typeof v === 'string' && norm(v) === n);
  return typeof hit === 'string' ? hit : text;
}

/** One CSV row as an input: `{ lead, account? }` with each mapped cell set at its field's path. */
export function rowToInput(cells: string[], mapping: ColumnMapping[], fields: Field[]): { lead: Record<string, unknown>; account?: Record<string, unknown> } {
  const input: { lead: Record<string, unknown>; account?: Record<string, unknown> } = { lead: {} };
  if (cells.length !== mapping.length) throw new Error(`has ${cells.length} fields, the header has ${mapping.length}`);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  mapping.forEach((m, i) => {
    if (m.key === null) return;
    const v = cellValue(cells[i]!, m, byKey.get(m.key));
    if (v === undefined) return;
    const [root, ...path] = m.key.split('.');
    let o: Record<string, unknown> = root === 'account' ? (input.account ??= {}) : input.lead;
    for (const p of path.slice(0, -1)) {
      const next = Object.hasOwn(o, p) ? o[p] : undefined;
      o = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (o[p] = {});
    }
    o[path[path.length - 1]!] = v;
  });
  return input;
}
