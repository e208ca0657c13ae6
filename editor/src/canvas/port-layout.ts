// Where a node's out-ports sit along its bottom edge, and how wide their labels may be. A
// table may have a port per stage or grade; spread over the usual 240 pixels, eight labels ran
// into each other. Each port gets an equal slot, slots never narrower than a short word, and
// the node grows to hold them; a label longer than its slot is cut with an ellipsis (the full
// name is in its title).

/** The node's usual width (styles: .sl-node). */
export const NODE_WIDTH = 240;
/** The narrowest slot a port gets: room for a label of about eight characters at 10 px. */
export const MIN_SLOT = 64;
// Space between two neighbouring labels.
const LABEL_GAP = 6;

export interface PortSlot {
  name: string;
  /** The port's centre, in pixels from the node's left edge. */
  centre: number;
  /** The widest its label may be before it is cut. */
  maxLabel: number;
}

/**
 * The width a node needs for its ports and where each one goes.
 *
 * @example
 * portLayout(['pass', 'reject']) // { width: 240, slots: [{ name: 'pass', centre: 60, maxLabel: 114 }, …] }
 */
export function portLayout(ports: readonly string[], base = NODE_WIDTH): { width: number; slots: PortSlot[] } {
  if (ports.length === 0) return { width: base, slots: [] };
  const width = Math.max(base, ports.length * MIN_SLOT);
  const slot = width / ports.length;
  return { width, slots: ports.map((name, i) => ({ name, centre: slot * (i + 0.5), maxLabel: Math.floor(slot - LABEL_GAP) })) };
}
