import type { ReactNode } from 'react';
import { useEditor } from '../store/provider.js';
import './versions.css';

/** Wraps the inspector of a version shown read only: every control is disabled, and says why. */
export function ReadOnlyFence({ children }: { children: ReactNode }) {
  const version = useEditor((s) => s.meta.readOnlyVersion);
  if (version === undefined) return <>{children}</>;
  return (
    <>
      <p className="read-only-note" data-testid="read-only-note">Version {version} is read only. “Restore as draft” above makes it the draft to edit.</p>
      <fieldset className="read-only-fence" disabled>{children}</fieldset>
    </>
  );
}
