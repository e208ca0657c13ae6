// Keyboard shortcuts as data: a key event in, a command out. Ctrl on Linux/Windows, Cmd on macOS.

export type Command = 'undo' | 'redo' | 'copy' | 'paste' | 'cut' | 'duplicate' | 'delete' | 'selectAll' | 'layout' | 'fit';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The command a key press means, or null.
 *
 * @example
 * commandFor({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }) // 'redo'
 */
export function commandFor(e: KeyLike): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    if (k === 'c') return 'copy';
    if (k === 'v') return 'paste';
    if (k === 'x') return 'cut';
    if (k === 'd') return 'duplicate';
    if (k === 'a') return 'selectAll';
    return null;
  }
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (k === 'Delete' || k === 'Backspace') return 'delete';
  if (k === 'l' && e.shiftKey) return 'layout';
  if (k === 'f' && e.shiftKey) return 'fit';
  return null;
}

/** Whether keys typed in this element belong to it (text fields, Monaco), not to the canvas. */
export function isTextTarget(el: EventTarget | null): boolean {
  if (!el || typeof (el as Element).closest !== 'function') return false;
  const e = el as HTMLElement;
  return e.isContentEditable || !!e.closest('input, textarea, select, .monaco-editor, [contenteditable="true"]');
}
