// One store per editor (CONVENTIONS 6): created by EditorProvider, read with useEditor(selector).
// State holds the flow with its undo history; actions live beside it and never change identity.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EvaluationResult, Flow, RuleSet } from '@sluice/schemas';
import type { EditorIssue } from '../errors.js';
import type { SimulationView } from '../simulate/overlay.js';
import * as H from './history.js';

export interface FlowMeta {
  /** Where the flow came from: the runtime's registry, a template, an imported file, or new. */
  source: 'runtime' | 'template' | 'file' | 'new';
  /** Latest published version in the runtime, when known. */
  publishedVersion?: number;
  /** A published version opened to look at: the flow cannot be changed. */
  readOnlyVersion?: number;
  /** Why that version is drawn on the draft's layout instead of its own drawing (none kept). */
  layoutNote?: string;
}

/** A lead handed to the test panel; `seq` makes opening the same lead twice a new request. */
export interface TestRequest {
  input: unknown;
  now: string;
  title: string;
  seq: number;
}

/** Which simulated count was clicked: an edge (by flow edge id) or a node. */
export interface SimPick {
  kind: 'edge' | 'node';
  id: string;
  seq: number;
}

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface EditorState {
  history: H.History<Flow>;
  meta: FlowMeta;
  /** The flow as last saved (runtime draft or file); `flow !== saved` means unsaved changes. */
  saved: Flow | null;
  selection: Selection;
  issues: EditorIssue[];
  /** The flow compiled by the engine, when it compiles. */
  ruleSet: RuleSet | null;
  /** The last test-panel run, lighting the path on the canvas. */
  result: EvaluationResult | null;
  /** A JSON pointer the inspector should focus (after clicking an error). */
  focus: string | null;
  /** Failing cases of the last "Run all", by the node where their path left the expected one. */
  partings: ReadonlyMap<string, string[]> | null;
  /** The last simulation's counts, drawn on the canvas; `stale` while an edit is re-simulated. */
  simulation: SimulationView | null;
  /** A count clicked on the canvas, for the simulate panel to list its leads. */
  simPick: SimPick | null;
  /** A lead opened from elsewhere (a simulation's list) for the test panel to show and run. */
  testRequest: TestRequest | null;
  actions: EditorActions;
}

export interface EditorActions {
  load(flow: Flow, meta: FlowMeta, saved?: Flow | null): void;
  /** Changes the flow through a pure function. */
  change(fn: (flow: Flow) => Flow, opts?: H.ChangeOptions): void;
  beginGesture(): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  select(selection: Partial<Selection>): void;
  setIssues(issues: EditorIssue[], ruleSet?: RuleSet | null): void;
  setResult(result: EvaluationResult | null): void;
  setFocus(pointer: string | null): void;
  markSaved(flow: Flow, meta?: Partial<FlowMeta>): void;
  setPartings(partings: ReadonlyMap<string, string[]> | null): void;
  setSimulation(view: SimulationView | null): void;
  /** Asks the simulate panel to list the leads behind a count on the canvas. */
  pickSimulated(kind: SimPick['kind'], id: string): void;
  /** Shows a lead in the test panel and runs it. */
  openInTest(input: unknown, now: string, title: string): void;
}

export type EditorStore = StoreApi<EditorState>;

const EMPTY: Selection = { nodes: [], edges: [] };

/**
 * A store for one editor.
 *
 * @example
 * const store = createEditorStore(flow, { source: 'template' });
 * store.getState().actions.change((f) => ({ ...f, name: 'Renamed' }));
 */
export function createEditorStore(flow: Flow, meta: FlowMeta = { source: 'new' }, saved: Flow | null = null): EditorStore {
  return createStore<EditorState>()((set, get) => ({
    history: H.createHistory(flow),
    meta,
    saved,
    selection: EMPTY,
    issues: [],
    ruleSet: null,
    result: null,
    focus: null,
    partings: null,
    simulation: null,
    simPick: null,
    testRequest: null,
    actions: {
      load(next, m, s = null) {
        set({ history: H.createHistory(next), meta: m, saved: s, selection: EMPTY, result: null, issues: [], ruleSet: null, focus: null, partings: null, simulation: null, simPick: null, testRequest: null });
      },
      change(fn, opts) {
        // A published version is looked at, never edited: every edit path ends here.
        if (get().meta.readOnlyVersion !== undefined) return;
        const h = get().history;
        const next = fn(h.present);
        if (next !== h.present) set({ history: H.change(h, next, opts) });
      },
      beginGesture() {
        set({ history: H.beginGesture(get().history) });
      },
      endGesture() {
        set({ history: H.endGesture(get().history) });
      },
      undo() {
        set({ history: H.undo(get().history), selection: EMPTY });
      },
      redo() {
        set({ history: H.redo(get().history), selection: EMPTY });
      },
      select(sel) {
        const cur = get().selection;
        const next = { nodes: sel.nodes ?? cur.nodes, edges: sel.edges ?? cur.edges };
        if (!sameSelection(cur, next)) set({ selection: next });
      },
      setIssues(issues, ruleSet = null) {
        set({ issues, ruleSet });
      },
      setResult(result) {
        set({ result });
      },
      setFocus(focus) {
        set({ focus });
      },
      markSaved(f, m) {
        set({ saved: f, meta: { ...get().meta, ...m } });
      },
      setPartings(partings) {
        set({ partings });
      },
      setSimulation(simulation) {
        set({ simulation });
      },
      pickSimulated(kind, id) {
        set({ simPick: { kind, id, seq: (get().simPick?.seq ?? 0) + 1 } });
      },
      openInTest(input, now, title) {
        set({ testRequest: { input, now, title, seq: (get().testRequest?.seq ?? 0) + 1 } });
      },
    },
  }));
}

function sameSelection(a: Selection, b: Selection): boolean {
  return a.nodes.length === b.nodes.length && a.edges.length === b.edges.length && a.nodes.every((x, i) => x === b.nodes[i]) && a.edges.every((x, i) => x === b.edges[i]);
}

/** The flow being edited. */
export const selectFlow = (s: EditorState): Flow => s.history.present;
/** Whether the flow differs from what was last saved. */
export const selectDirty = (s: EditorState): boolean => s.saved === null || s.saved !== s.history.present;
