// Editor error codes, one table of messages (after xyflow's `errorMessages`).
import type { Worded } from './problems/words.js';

// Codes are stable: tests and docs refer to them; messages may be reworded.

export const errorMessages = {
  E001: (kind: string) => `A ${kind} node has no outputs: it ends the flow.`,
  E002: (port: string) => `This node has no port "${port}".`,
  E003: () => 'A node cannot connect to itself.',
  E004: () => 'The start node cannot be a target: every flow begins there.',
  E005: () => 'This connection would make a loop: the flow must run top to bottom.',
  E006: (port: string) => `Port "${port}" is already connected; delete that connection first.`,
  E007: (id: string) => `Node "${id}" does not exist.`,
  E101: (port: string) => `Port "${port}" is not connected: leads taking it would stop here.`,
  E102: () => 'Nothing leads into this node: it is never reached.',
  E103: () => 'The flow needs exactly one start node.',
  E104: (port: string, target: string) => `Connection from "${port}" points at a missing node "${target}".`,
  E105: (port: string) => `Connection leaves from "${port}", which this node does not have.`,
  E201: () => 'The flow has not been saved: the runtime could not be reached.',
  E202: () => 'The runtime refused the secret key.',
  E203: () => 'Publishing was refused: fix the errors listed first.',
  E204: () => 'This file is not a flow document.',
} as const;

export type EditorErrorCode = keyof typeof errorMessages;

/** One problem shown in the editor: on a node's badge and in the errors list. */
export interface EditorIssue {
  /** An editor code (E001...) or `compile` for the engine's own issues. */
  code: EditorErrorCode | 'compile';
  nodeId?: string;
  /** JSON pointer into the flow. */
  path: string;
  message: string;
  /** The problem in plain words (validation.ts): subject by label, a sentence, details. */
  words?: Worded;
}

/**
 * An issue from a code and its message arguments.
 *
 * @example
 * issue('E101', { nodeId: 'gate1', path: '/nodes/1' }, 'reject')
 */
export function issue<C extends EditorErrorCode>(
  code: C,
  at: { nodeId?: string; path: string },
  ...args: Parameters<(typeof errorMessages)[C]>
): EditorIssue {
  const fn = errorMessages[code] as (...a: unknown[]) => string;
  const out: EditorIssue = { code, path: at.path, message: `${fn(...args)} (${code})` };
  if (at.nodeId !== undefined) out.nodeId = at.nodeId;
  return out;
}
