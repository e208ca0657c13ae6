import { useEffect, useRef, useState } from 'react';
import type { Flow } from '@sluice/schemas';
import { validateFlow } from '@sluice/schemas/validators';
import { stringifyDocument } from '../engine.js';
import { JsonEditor } from '../monaco/lazy.js';
import { useActions, useEditor } from '../store/provider.js';

/** The flow as JSON. An edit that parses and validates against the flow schema updates the canvas. */
export function JsonView() {
  const flow = useEditor((s) => s.history.present);
  const actions = useActions();
  const readOnly = useEditor((s) => s.meta.readOnlyVersion);
  const mine = useRef<Flow | null>(null);
  const [text, setText] = useState(() => stringifyDocument(flow));
  const [status, setStatus] = useState('in sync with the canvas');
  useEffect(() => {
    // Changes made elsewhere (canvas, undo) replace the text; our own do not.
    if (flow !== mine.current) setText(stringifyDocument(flow));
  }, [flow]);
  const onChange = (t: string) => {
    setText(t);
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch {
      return setStatus('not valid JSON yet: the canvas keeps the last valid flow');
    }
    if (!validateFlow(doc)) return setStatus('does not match the flow schema yet: the canvas keeps the last valid flow');
    mine.current = doc as Flow;
    actions.change(() => doc as Flow, { mergeKey: 'json' });
    setStatus('in sync with the canvas');
  };
  return (
    <div className="json-view">
      <p className="small muted pad" data-testid="json-status">{readOnly === undefined ? status : `Version ${readOnly} is read only`}</p>
      <JsonEditor value={text} onChange={onChange} readOnly={readOnly !== undefined} />
    </div>
  );
}
