// Reading a flow file the user imports. Apart from open.ts because the schema validators are
// large (about 270 KB minified): the start page imports open.ts and must not carry them.
import type { Flow } from '@sluice/schemas';
import { validateFlow } from '@sluice/schemas/validators';

/** A flow file's text as a flow, or null when it is not one. */
export function readFlowFile(text: string): Flow | null {
  try {
    const doc = JSON.parse(text) as unknown;
    return validateFlow(doc) ? (doc as Flow) : null;
  } catch {
    return null;
  }
}
