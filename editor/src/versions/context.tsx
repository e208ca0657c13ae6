// The version a screen shows and the comparison drawn on it, for the canvas, the banner and
// the Versions panel. The other side of a comparison is fetched here; the marks follow edits
// of the shown flow (a draft compared with a version stays editable), not its node moves.
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Flow } from '@sluice/schemas';
import { onlyMoved } from '../graph/ops.js';
import { useEditor, useEditorStore } from '../store/provider.js';
import { loadSide } from './load.js';
import type { DiffMarks, diffMarks } from './marks.js';
import type { FlowRoute, Route, Side } from './route.js';

export interface VersionNav {
  /** The route this screen shows. */
  route: FlowRoute;
  /** Goes to another route (a new entry in the browser's history). */
  navigate: (r: Route) => void;
  /** After a restore: opens the draft with a word about what happened. */
  openDraft: (notice: string) => void;
}

export interface VersionView {
  nav: VersionNav | null;
  /** The side compared with, and how fetching it went. */
  compare: { side: Side; flow: Flow | null; error: string | null } | null;
  marks: DiffMarks | null;
}

const NONE: VersionView = { nav: null, compare: null, marks: null };
const Ctx = createContext<VersionView>(NONE);

/** The side a route shows: a version number, or the draft. */
export const shownSide = (r: VersionNav['route']): Side => r.version ?? 'draft';

/** Whether side `a` is newer than side `b` (the draft is newer than every version). */
export const isNewer = (a: Side, b: Side): boolean => a === 'draft' || (b !== 'draft' && a > b);

export function VersionProvider({ nav, children }: { nav: VersionNav | null; children: ReactNode }) {
  const store = useEditorStore();
  const present = useEditor((s) => s.history.present);
  const vs = nav?.route.vs ?? null;
  const id = nav?.route.id;
  const [other, setOther] = useState<{ side: Side; flow: Flow | null; error: string | null } | null>(null);
  // The diff loads with the first comparison, off the first screen.
  const [differ, setDiffer] = useState<typeof diffMarks | null>(null);
  useEffect(() => {
    if (vs === null || !id) return setOther(null);
    let live = true;
    setOther({ side: vs, flow: null, error: null });
    // Laid out like the flow shown when the comparison starts.
    Promise.all([loadSide(id, vs, store.getState().history.present, localStorage), import('./marks.js')]).then(
      ([flow, m]) => {
        if (!live) return;
        setDiffer(() => m.diffMarks);
        setOther({ side: vs, flow, error: null });
      },
      (e: unknown) => live && setOther({ side: vs, flow: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [id, vs, store]);
  const last = useRef<{ shown: Flow; other: Flow; marks: DiffMarks } | null>(null);
  const marks = useMemo(() => {
    if (!nav || !other?.flow || other.side !== vs || !differ) return null;
    const l = last.current;
    if (l && l.other === other.flow && onlyMoved(l.shown, present)) return l.marks;
    const m = differ(present, other.flow, isNewer(shownSide(nav.route), other.side));
    last.current = { shown: present, other: other.flow, marks: m };
    return m;
  }, [nav, other, vs, present, differ]);
  const value = useMemo<VersionView>(() => ({ nav, compare: other && other.side === vs ? other : null, marks }), [nav, other, vs, marks]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The version shown and the comparison drawn, or nothing outside a rule set's screen. */
export function useVersionView(): VersionView {
  return useContext(Ctx);
}
