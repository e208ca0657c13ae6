// The editor screen (React Flow, the engine, the schema validators, the test and simulate
// panels) is a chunk of its own, fetched when a flow is first opened: the start page loads only
// React and what it shows (issue 16: the first screen within 200 KB on the wire).
import { lazy, Suspense, type ComponentProps } from 'react';

const Screen = lazy(() => import('./EditorScreen.js').then((m) => ({ default: m.EditorScreen })));

export function EditorScreen(props: ComponentProps<typeof import('./EditorScreen.js').EditorScreen>) {
  return (
    <Suspense fallback={<p className="pad muted">Opening…</p>}>
      <Screen {...props} />
    </Suspense>
  );
}
