// The test panel's form over the lead JSON. There is no separate form state: the form reads
// and writes the one EvaluationInput value by the start node's field keys, so the form and
// the JSON tab cannot drift apart, and whatever the form has no control for stays in place.
import type { EvaluationInput, Field, FieldType } from '@sluice/schemas';
import { toEpochMs } from '../engine.js';

export type Path = readonly string[];

/** A plain JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `lead.bant.budget` → `['lead', 'bant', 'budget']`. */
export function keyPath(key: string): string[] {
  return key.split('.');
}

/** The value at `path`, own properties only (a key named `constructor` reads as missing). */
export function getAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (!isRecord(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * The first part of `path` that holds something other than an object, so that writing below it
 * would replace a value the user gave (`lead.bant` is `"yes"`, the form wants `lead.bant.budget`).
 *
 * @example
 * blockedAt({ lead: { bant: 'yes' } }, ['lead', 'bant', 'budget']) // ['lead', 'bant']
 */
export function blockedAt(root: unknown, path: Path): string[] | null {
  let v: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    if (!isRecord(v) || !Object.hasOwn(v, k)) return null;
    v = v[k];
    if (v !== undefined && !isRecord(v)) return path.slice(0, i + 1);
  }
  return null;
}

/**
 * A copy of `root` with `value` at `path`; `undefined` removes the key, and an object that the
 * removal leaves empty goes too (never a fact itself: `lead` stays). Objects on the way are
 * created; everything else is shared, untouched.
 *
 * @example
 * setAt({ lead: {} }, ['lead', 'bant', 'need'], 'confirmed') // { lead: { bant: { need: 'confirmed' } } }
 */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  return write(root, path, 0, value) as T;
}

function write(node: unknown, path: Path, i: number, value: unknown): unknown {
  const k = path[i] as string;
  const obj = isRecord(node) ? node : {};
  const has = Object.hasOwn(obj, k);
  const old = has ? obj[k] : undefined;
  const last = i === path.length - 1;
  const next = last ? value : write(old, path, i + 1, value);
  // Nothing changed below: the same object, so an empty `bant: {}` the user wrote stays.
  if (has && next === old) return obj;
  const emptied = !last && i > 0 && value === undefined && isRecord(next) && Object.keys(next).length === 0;
  if (next === undefined || emptied) {
    if (!has) return obj;
    const { [k]: _gone, ...rest } = obj;
    return rest;
  }
  // A computed key defines an own property, even for "__proto__": no prototype is ever set.
  return { ...obj, [k]: next };
}

export interface FieldGroup {
  /** The parent path of its fields: `lead`, `lead.bant`, `account.funding`. */
  key: string;
  title: string;
  fields: Field[];
}

const FACT_TITLES: Record<string, string> = { lead: 'Lead', account: 'Account' };

/**
 * The start node's fields grouped by the object they sit in, in declaration order, so nested
 * fields (`lead.bant.*`, `account.funding.*`) are a group of their own.
 *
 * @example
 * fieldGroups(fields).map((g) => g.title) // ['Lead', 'Lead › bant', 'Account', 'Account › funding']
 */
export function fieldGroups(fields: readonly Field[]): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const f of fields) {
    const p = keyPath(f.key);
    const key = p.slice(0, -1).join('.');
    let g = groups.get(key);
    if (!g) {
      const [fact, ...rest] = p.slice(0, -1);
      const title = [FACT_TITLES[fact as string] ?? fact, ...rest].join(' › ');
      g = { key, title, fields: [] };
      groups.set(key, g);
    }
    g.fields.push(f);
  }
  return [...groups.values()];
}

export interface OtherField {
  path: string[];
  value: unknown;
}

/**
 * What the lead and account hold that no declared field shows: kept in the value, listed under
 * "Other fields" so the user sees it is there. Objects on the way to a declared field are
 * walked into; anything else at a path nobody declared is one entry.
 *
 * @example
 * otherFields({ lead: { id: 'l1', title: 'VP' } }, [{ key: 'lead.title', type: 'string' }]) // [{ path: ['lead', 'id'], value: 'l1' }]
 */
export function otherFields(input: unknown, fields: readonly Field[]): OtherField[] {
  // Segments joined by a character no key pattern allows, so `lead["a.b"]` is not `lead.a.b`.
  const join = (p: Path) => p.join('\u0000');
  const declared = new Set(fields.map((f) => join(keyPath(f.key))));
  const prefixes = new Set<string>();
  for (const f of fields) {
    const p = keyPath(f.key);
    for (let i = 1; i < p.length; i++) prefixes.add(join(p.slice(0, i)));
  }
  const out: OtherField[] = [];
  const walk = (obj: Record<string, unknown>, at: string[]) => {
    for (const k of Object.keys(obj)) {
      const path = [...at, k];
      const v = obj[k];
      if (declared.has(join(path))) continue;
      if (prefixes.has(join(path)) && isRecord(v)) walk(v, path);
      else out.push({ path, value: v });
    }
  };
  for (const fact of ['lead', 'account']) {
    const v = getAt(input, [fact]);
    if (isRecord(v)) walk(v, [fact]);
  }
  return out;
}

/**
 * Whether a value is one the field's control can show; a value that is not (a number field
 * holding "many") is shown as JSON, as written, rather than lost. A missing value fits.
 */
export function fits(field: Pick<Field, 'type' | 'itemType'>, v: unknown): boolean {
  if (v === undefined) return true;
  return fitsType(field.type, v) && (field.type !== 'list' || (v as unknown[]).every((x) => !field.itemType || fitsType(field.itemType, x)));
}

function fitsType(t: FieldType, v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return toEpochMs(v) !== undefined;
    case 'list':
      return Array.isArray(v);
    case 'object':
      return isRecord(v);
  }
}

/**
 * A date value for `<input type="datetime-local">`, read as UTC (the picker has no zone of
 * its own; the form says UTC beside it), or `''` when there is none. Seconds only when set.
 *
 * @example
 * toPicker('2025-06-12T15:30:00.000Z') // '2025-06-12T15:30'
 */
export function toPicker(v: unknown): string {
  const ms = toEpochMs(v);
  if (ms === undefined) return '';
  const iso = new Date(ms).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(0, 16) : iso.slice(0, 19);
}

/**
 * The picker's value as the ISO UTC string the cases and the runtime use, or `undefined` for
 * an empty or incomplete picker.
 *
 * @example
 * fromPicker('2025-06-12T15:30') // '2025-06-12T15:30:00.000Z'
 */
export function fromPicker(s: string): string | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) return undefined;
  const ms = toEpochMs(`${s}Z`);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** A list of strings or numbers as one item per line, for a textarea. */
export function listToLines(v: readonly unknown[]): string {
  return v.map((x) => String(x)).join('\n');
}

/**
 * Lines back to a list, blank lines skipped; numbers for a number list, with the line that is
 * not one named.
 *
 * @example
 * linesToList('VP Marketing\nSales Ops lead\n', 'string') // { value: ['VP Marketing', 'Sales Ops lead'] }
 */
export function linesToList(text: string, itemType: FieldType | undefined): { value: unknown[] } | { error: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (itemType !== 'number') return { value: lines };
  const out: number[] = [];
  for (const [i, l] of lines.entries()) {
    const n = Number(l);
    if (!Number.isFinite(n)) return { error: `line ${i + 1}, "${l}", is not a number` };
    out.push(n);
  }
  return { value: out };
}

/** The lead's events, or none when the value has no list there. */
export function eventsOf(input: EvaluationInput): NonNullable<EvaluationInput['events']> {
  return Array.isArray(input.events) ? input.events : [];
}
