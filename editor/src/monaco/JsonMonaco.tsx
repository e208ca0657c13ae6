import Editor from '@monaco-editor/react';
import { FLOW_MODEL_URI } from './setup.js';
import type { JsonProps } from './lazy.js';

export default function JsonMonaco({ value, onChange, readOnly = false }: JsonProps) {
  return (
    <div className="json-editor nokey" data-testid="json-editor">
      <Editor
        height="100%"
        language="json"
        path={FLOW_MODEL_URI}
        value={value}
        onChange={(v) => onChange(v ?? '')}
        options={{ minimap: { enabled: false }, fontSize: 12, tabSize: 2, scrollBeyondLastLine: false, automaticLayout: true, readOnly }}
      />
    </div>
  );
}
