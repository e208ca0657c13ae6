import { useEffect, useState } from 'react';
import { useConnection, type FinalConnectionState } from '@xyflow/react';
import type { Flow } from '@sluice/schemas';
import { useEditorStore } from '../store/provider.js';
import { connectionError } from '../graph/connections.js';
import type { Connection } from '../graph/ops.js';

/** The connection a wire drawn so far would make, whichever end it was drawn from. */
export function wireOf(c: Pick<FinalConnectionState, 'fromNode' | 'fromHandle' | 'toNode' | 'toHandle'>): Connection | null {
  if (!c.fromNode || !c.toNode || !c.fromHandle) return null;
  return c.fromHandle.type === 'source'
    ? { source: c.fromNode.id, sourcePort: c.fromHandle.id ?? '', target: c.toNode.id }
    : { source: c.toNode.id, sourcePort: c.toHandle?.id ?? '', target: c.fromNode.id };
}

/** Why the wire under the cursor would be refused, or null when it is fine or over nothing. */
export function refusal(flow: Flow, c: Parameters<typeof wireOf>[0] & { isValid: boolean | null }): string | null {
  const wire = c.isValid === false ? wireOf(c) : null;
  return wire ? (connectionError(flow, wire)?.message ?? null) : null;
}

const LINGER_MS = 4000;

/**
 * Says at the cursor why a connection cannot be made: while the wire hovers a port that
 * refuses it, and for a few seconds after it is dropped there (xyflow only drops the wire).
 */
export function ConnectionHint({ dropped }: { dropped: { message: string; x: number; y: number; at: number } | null }) {
  const store = useEditorStore();
  const c = useConnection();
  // The flow is read, not subscribed to: this renders while a wire is drawn, not on every edit.
  const live = c.inProgress ? refusal(store.getState().history.present, c) : null;
  const [lingering, setLingering] = useState(dropped);
  useEffect(() => {
    setLingering(dropped);
    if (!dropped) return;
    const t = setTimeout(() => setLingering(null), LINGER_MS);
    return () => clearTimeout(t);
  }, [dropped]);
  const shown = live && c.inProgress ? { message: live, x: c.pointer.x, y: c.pointer.y } : lingering;
  if (!shown) return null;
  return (
    <div className="connection-hint" role="status" data-testid="connection-hint" style={{ left: shown.x + 14, top: shown.y + 14 }}>
      {shown.message}
    </div>
  );
}
