import Editor from '@monaco-editor/react';
import { monaco } from './setup.js';
import type { ExprProps } from './lazy.js';

const LANG = 'sluice-expr';
// Completion reads the fields of the editor that has focus.
let fieldsInFocus: string[] = [];

if (!monaco.languages.getLanguages().some((l) => l.id === LANG)) {
  monaco.languages.register({ id: LANG });
  monaco.languages.setMonarchTokensProvider(LANG, {
    keywords: ['and', 'or', 'not', 'true', 'false', 'null', 'if', 'then', 'else'],
    tokenizer: {
      root: [
        [/[a-zA-Z_][\w.]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/\d+(\.\d+)?/, 'number'],
        [/"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/, 'string'],
        [/[-+*/%<>=!?:]+/, 'operator'],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(LANG, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const keys = [...fieldsInFocus, 'scores.', 'vars.', 'events'];
      return { suggestions: keys.map((k) => ({ label: k, kind: monaco.languages.CompletionItemKind.Field, insertText: k, range })) };
    },
  });
}

// Both Monaco wrappers carry `nokey`: React Flow takes Space (its pan key) from any element that
// is not an input and cancels it, and Monaco in Chromium types into a <div> (EditContext), so
// without it no space could be typed into an expression or the JSON tab.
export default function ExprMonaco({ value, fields, onChange }: ExprProps) {
  return (
    <div className="expr-editor nokey" data-testid="expr-editor">
      <Editor
        height={28}
        language={LANG}
        value={value}
        onChange={(v) => onChange(v ?? '')}
        onMount={(ed) => {
          ed.onDidFocusEditorText(() => (fieldsInFocus = fields));
        }}
        options={{
          minimap: { enabled: false },
          lineNumbers: 'off',
          glyphMargin: false,
          folding: false,
          scrollBeyondLastLine: false,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          scrollbar: { vertical: 'hidden', horizontal: 'hidden' },
          wordWrap: 'off',
          fontSize: 13,
        }}
      />
    </div>
  );
}
