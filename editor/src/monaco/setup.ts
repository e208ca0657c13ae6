// Monaco from our own bundle (no CDN), with workers built by Vite (TOOLCHAIN.md).
//
// Only the parts the editor uses: the core API, the JSON language (the JSON tab, validated
// against the flow schema) and the editing features below. `import 'monaco-editor'` would also
// bundle 80 other languages and the TypeScript, CSS and HTML language workers (about 9 MB the
// editor never loads, and most of the build's compression time).
import * as monaco from 'monaco-editor/editor/editor.api';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { loader } from '@monaco-editor/react';
import defs from '@sluice/schemas/json/defs.schema.json';

// Typing, cursor movement, clipboard and the right-click menu.
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/wordHighlighter/register';
// Invisible and look-alike characters are marked: a flow's keys and strings are compared exactly.
import 'monaco-editor/features/unicodeHighlighter/register';
// Completion: field names in expressions, schema-driven keys and values in the JSON tab.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/snippet/register';
// The JSON tab: schema errors on hover and F8, find/replace, folding, format, go to line, and
// the sticky key path at the top while scrolling.
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/stickyScroll/register';
import 'monaco-editor/features/smartSelect/register';
// Icons of the find widget, suggest list and folding arrows.
import 'monaco-editor/features/codicon/register';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};
loader.config({ monaco });

export const FLOW_MODEL_URI = 'inmemory://sluice/flow.json';

// Flow files are validated against the flow schema; the $defs come from @sluice/schemas.
jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemas: [
    { uri: 'https://sluice.dev/schemas/defs.schema.json', schema: defs },
    { uri: 'https://sluice.dev/schemas/flow.schema.json', fileMatch: [FLOW_MODEL_URI], schema: { $ref: 'https://sluice.dev/schemas/defs.schema.json#/$defs/Flow' } },
  ],
});

export { monaco };
