// Where the editor is, as the URL's hash says it, so that a reload comes back and Back and
// Forward move between the draft, a published version and a comparison of two:
//   #/                              the start page
//   #/flow/<id>                     the draft
//   #/flow/<id>/vs/<m>              the draft, with what changed since version m marked
//   #/flow/<id>/v/<n>               version n, read only
//   #/flow/<id>/v/<n>/vs/<m|draft>  version n, with its differences from m (or the draft)

/** A version number, or the draft. */
export type Side = number | 'draft';

/** The draft of a rule set or one of its versions, maybe compared with another side. */
export interface FlowRoute {
  kind: 'flow';
  id: string;
  /** The version shown (read only), or null for the draft. */
  version: number | null;
  /** The side compared with, or null. */
  vs: Side | null;
}

export type Route = { kind: 'home' } | FlowRoute;

const ID = '([a-z0-9][a-z0-9-]{0,63})';
const NUM = '([1-9][0-9]{0,8})';
const FLOW = new RegExp(`^#/flow/${ID}(?:/v/${NUM})?(?:/vs/(${NUM.slice(1, -1)}|draft))?$`);

/**
 * The route a hash names; anything unknown is the start page.
 *
 * @example
 * parseRoute('#/flow/bant/v/2/vs/3'); // { kind: 'flow', id: 'bant', version: 2, vs: 3 }
 */
export function parseRoute(hash: string): Route {
  const m = FLOW.exec(hash);
  if (!m) return { kind: 'home' };
  const version = m[2] === undefined ? null : Number(m[2]);
  const vs: Side | null = m[3] === undefined ? null : m[3] === 'draft' ? 'draft' : Number(m[3]);
  // A side compared with itself shows nothing: the plain view.
  if (vs === (version ?? 'draft')) return { kind: 'flow', id: m[1] as string, version, vs: null };
  return { kind: 'flow', id: m[1] as string, version, vs };
}

/**
 * The hash of a route (the inverse of parseRoute).
 *
 * @example
 * formatRoute({ kind: 'flow', id: 'bant', version: null, vs: 2 }); // '#/flow/bant/vs/2'
 */
export function formatRoute(r: Route): string {
  if (r.kind === 'home') return '#/';
  return `#/flow/${r.id}${r.version === null ? '' : `/v/${r.version}`}${r.vs === null ? '' : `/vs/${r.vs}`}`;
}

/** The draft of a rule set, or one of its versions, with nothing compared. */
export function flowRoute(id: string, version: number | null = null, vs: Side | null = null): FlowRoute {
  return { kind: 'flow', id, version, vs };
}

/** Whether two routes show the same document (only the comparison may differ). */
export function sameDocument(a: Route, b: Route): boolean {
  if (a.kind === 'home' || b.kind === 'home') return a.kind === b.kind;
  return a.id === b.id && a.version === b.version;
}
