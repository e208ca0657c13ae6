// How many of a node's lines its face shows. A score node with twelve rules used to show four
// and "+8 more rules", and every line was cut at the node's width; what the rest said was only
// in the inspector. Now the face shows the first lines and a toggle that opens all of them.

/** Lines shown while a node is closed. */
export const CLOSED_LINES = 5;
// A line longer than this is cut at the node's width (11.5 px text in 224 px): about 38 characters.
const FITS_CHARS = 38;

/**
 * The lines to show and the toggle's text (null when everything already shows in full).
 *
 * @example
 * faceLines(rules, false) // { shown: rules.slice(0, 5), toggle: '▾ 7 more' }
 */
export function faceLines(lines: readonly string[], open: boolean): { shown: readonly string[]; toggle: string | null } {
  const hidden = Math.max(0, lines.length - CLOSED_LINES);
  const cut = lines.some((l) => l.length > FITS_CHARS);
  if (open) return { shown: lines, toggle: hidden > 0 || cut ? '▴ less' : null };
  if (hidden > 0) return { shown: lines.slice(0, CLOSED_LINES), toggle: `▾ ${hidden} more` };
  return { shown: lines, toggle: cut ? '▾ in full' : null };
}
