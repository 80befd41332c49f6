// CodeMirror's look from the app's CSS variables, so one theme serves light and dark.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

const editorTheme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '12.5px', height: '100%' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--row-selected) !important' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-3)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--row-hover) 70%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-3)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--deny)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--surface-3)', border: 'none', color: 'var(--text-2)' },
  '.cm-changedLine': { backgroundColor: 'color-mix(in srgb, var(--ok-bg) 80%, transparent) !important' },
  '.cm-deletedChunk, .cm-deletedLine': { backgroundColor: 'color-mix(in srgb, var(--deny-bg) 80%, transparent) !important' },
  '.cm-changedText': { background: 'color-mix(in srgb, var(--ok) 30%, transparent) !important' },
  '.cm-deletedText': { background: 'color-mix(in srgb, var(--deny) 30%, transparent) !important' },
  // On the stronger tint of a changed span the syntax colours fall under 4.5:1: plain text there.
  '.cm-changedText, .cm-changedText *, .cm-deletedText, .cm-deletedText *': { color: 'var(--text) !important' },
  '.cm-mergeSpacer': { backgroundColor: 'var(--surface-2)' },
});

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--accent)' },
  { tag: tags.string, color: 'var(--ok)' },
  { tag: tags.number, color: 'var(--risk-execute)' },
  { tag: [tags.bool, tags.null], color: 'var(--warn)' },
  { tag: tags.punctuation, color: 'var(--text-2)' },
  { tag: tags.invalid, color: 'var(--deny)' },
]);

export const appEditorTheme: Extension = [editorTheme, syntaxHighlighting(highlight)];
