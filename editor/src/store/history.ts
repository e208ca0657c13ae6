// Undo history over immutable documents (snapshots share structure, so they are cheap).
// Every change says whether it enters the history; a gesture (dragging) is squashed into
// one entry when it ends; edits with the same merge key in a row (typing in one field)
// are one entry. After tldraw's HistoryManager marks and Excalidraw's CaptureUpdateAction.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Merge key of the last recorded change. */
  mergeKey: string | null;
  /** The document when the running gesture began; null outside gestures. */
  gestureBase: T | null;
}

export type Capture = 'record' | 'skip';

export interface ChangeOptions {
  /** `record` (default) adds an undo entry; `skip` changes the document only (e.g. loading). */
  capture?: Capture;
  /** Consecutive changes with the same key form one undo entry. */
  mergeKey?: string;
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], mergeKey: null, gestureBase: null };
}

/**
 * Applies a change.
 *
 * @example
 * h = change(h, next, { mergeKey: 'gate1/reason' });
 */
export function change<T>(h: History<T>, next: T, opts: ChangeOptions = {}): History<T> {
  if (next === h.present) return h;
  if (opts.capture === 'skip' || h.gestureBase !== null) return { ...h, present: next };
  const merge = opts.mergeKey !== undefined && opts.mergeKey === h.mergeKey;
  const past = merge ? h.past : [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], mergeKey: opts.mergeKey ?? null, gestureBase: null };
}

/** Starts a gesture: changes until `endGesture` are one entry. */
export function beginGesture<T>(h: History<T>): History<T> {
  return h.gestureBase !== null ? h : { ...h, gestureBase: h.present };
}

/** Ends a gesture, recording one entry when the document changed. */
export function endGesture<T>(h: History<T>): History<T> {
  const base = h.gestureBase;
  if (base === null) return h;
  if (base === h.present) return { ...h, gestureBase: null };
  return { past: [...h.past, base].slice(-HISTORY_LIMIT), present: h.present, future: [], mergeKey: null, gestureBase: null };
}

export function undo<T>(h: History<T>): History<T> {
  const h2 = endGesture(h);
  const prev = h2.past[h2.past.length - 1];
  if (prev === undefined) return h2;
  return { past: h2.past.slice(0, -1), present: prev, future: [h2.present, ...h2.future], mergeKey: null, gestureBase: null };
}

export function redo<T>(h: History<T>): History<T> {
  const next = h.future[0];
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1), mergeKey: null, gestureBase: null };
}
