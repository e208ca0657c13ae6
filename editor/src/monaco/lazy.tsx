// Monaco is loaded only when an editor that needs it is shown, so the first screen does not
// wait for it (about 1 MB gzipped). Until it arrives, a plain input does the job.
import { lazy, Suspense } from 'react';

const ExprMonaco = lazy(() => import('./ExprMonaco.js'));
const JsonMonaco = lazy(() => import('./JsonMonaco.js'));

export interface ExprProps {
  value: string;
  fields: string[];
  onChange: (v: string) => void;
}

/** A one-line expression editor with highlighting and field-name completion. */
export function ExprInput(props: ExprProps) {
  return (
    <Suspense fallback={<input aria-label="Expression" value={props.value} onChange={(e) => props.onChange(e.target.value)} />}>
      <ExprMonaco {...props} />
    </Suspense>
  );
}

export interface JsonProps {
  value: string;
  onChange: (text: string) => void;
  /** A published version shown read only: the text cannot be edited. */
  readOnly?: boolean;
}

/** The raw JSON view of the flow, validated against the flow schema. */
export function JsonEditor(props: JsonProps) {
  return (
    <Suspense fallback={<div className="muted pad">Loading the JSON editor…</div>}>
      <JsonMonaco {...props} />
    </Suspense>
  );
}
