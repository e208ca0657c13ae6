// Monaco from our own bundle (no CDN), with workers built by Vite (TOOLCHAIN.md).
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { loader } from '@monaco-editor/react';
import defs from '@sluice/schemas/json/defs.schema.json';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};
loader.config({ monaco });

export const FLOW_MODEL_URI = 'inmemory://sluice/flow.json';

// Flow files are validated against the flow schema; the $defs come from @sluice/schemas.
monaco.json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemas: [
    { uri: 'https://sluice.dev/schemas/defs.schema.json', schema: defs },
    { uri: 'https://sluice.dev/schemas/flow.schema.json', fileMatch: [FLOW_MODEL_URI], schema: { $ref: 'https://sluice.dev/schemas/defs.schema.json#/$defs/Flow' } },
  ],
});

export { monaco };
