import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  placeholder,
} from '@codemirror/view';
import { colorFor, type Presence } from '@offgrid/framework';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';

import * as Y from 'yjs';
import { safeAwareness } from './safe-awareness.ts';

/**
 * A CodeMirror 6 editor bound to a note's `Y.Text` with y-codemirror.next: the text is the shared document
 * (every keystroke is a Yjs update, stored and synced by the workspace), undo is Yjs's (only this person's
 * edits), and other people's cursors and selections are drawn in their colours from the awareness.
 * Tab is left to the browser so keyboard users can leave the editor.
 */
export function createNoteEditor(options: {
  parent: HTMLElement;
  text: Y.Text;
  awareness: Presence['awareness'];
  readOnly: boolean;
  label: string;
}): { view: EditorView; destroy(): void } {
  const undoManager = new Y.UndoManager(options.text);
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text.toString(),
      extensions: [
        highlightSpecialChars(),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        markdown(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        placeholder('Write here. The first line is the title.'),
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorState.readOnly.of(options.readOnly),
        EditorView.editable.of(!options.readOnly),
        yCollab(options.text, safeAwareness(options.awareness, colorFor), { undoManager }),
      ],
    }),
  });
  return {
    view,
    destroy() {
      view.destroy();
      undoManager.destroy();
    },
  };
}
