"use client";
/**
 * The design as YAML in Monaco, self-hosted (bundled from the monaco-editor package; no
 * CDN). It is a view of the design document store: typing sets the text (the first key after
 * a pause at once, a burst when it rests; typing-sync.ts), a change made elsewhere replaces
 * the editor's text (typing not yet sent is kept, the change applied around it), the model's diagnostics are markers at their line
 * and column, and Ctrl/Cmd+Z is the document's undo, so one history covers the canvas, the
 * inspector and the text. Completion and hover come from the design's JSON Schema; the theme
 * follows the page's. Load it with next/dynamic and `ssr: false`: Monaco needs the browser.
 */
import * as monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import type { DesignDocumentStore } from "../store/design-document";
import { getEditorTheme, watchEditorTheme } from "./editor-theme";
import { registerSchemaAssist } from "./monaco-assist";
import { rebaseEdit } from "./typing-merge";
import { createTypingSync } from "./typing-sync";

/** A burst of keys reaches the document this long after its last key, in ms (see typing-sync). */
export const TYPING_SYNC_MS = 120;

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

if (typeof window !== "undefined" && !window.MonacoEnvironment) {
  window.MonacoEnvironment = {
    getWorker: () => new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" }),
  };
}

export default function YamlEditor({ doc }: { doc: DesignDocumentStore }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const model = monaco.editor.createModel(doc.getState().text, "yaml");
    const editor = monaco.editor.create(el, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      wordWrap: "on",
      renderWhitespace: "selection",
      ariaLabel: "Design as YAML",
      theme: getEditorTheme(
        document.documentElement.getAttribute("data-theme"),
        window.matchMedia("(prefers-color-scheme: dark)").matches,
      ),
    });
    const assist = registerSchemaAssist(model);
    const stopTheme = watchEditorTheme((theme) => monaco.editor.setTheme(theme));
    let applyingOwn = false;
    // The text the document and the editor last agreed on: the base of typing not yet sent.
    let synced = model.getValue();
    const send = () => {
      synced = model.getValue();
      applyingOwn = true;
      doc.getState().setText(synced);
      applyingOwn = false;
    };
    const sync = createTypingSync({
      send,
      now: () => performance.now(),
      later: (run, ms) => {
        const t = setTimeout(run, ms);
        return () => clearTimeout(t);
      },
      // Monaco paints the key in this frame; the parse and the canvas come after it.
      afterPaint: (run) => {
        let t: ReturnType<typeof setTimeout> | undefined;
        const frame = requestAnimationFrame(() => (t = setTimeout(run, 0)));
        return () => {
          cancelAnimationFrame(frame);
          clearTimeout(t);
        };
      },
      delayMs: TYPING_SYNC_MS,
    });
    const flush = () => {
      sync.dispose();
      send();
    };
    const typing = model.onDidChangeContent((e) => {
      if (e.isFlush) return; // our own setValue below
      sync.typed();
    });
    // Ctrl/Cmd+S saves on the page (design-editor): the typing goes into the document first.
    // No preventDefault here: the page's handler still sees the key.
    const keys = editor.onKeyDown((e) => {
      if ((e.ctrlKey || e.metaKey) && e.keyCode === monaco.KeyCode.KeyS) sync.flush();
    });
    const blur = editor.onDidBlurEditorText(() => sync.flush());
    // One history: the editor's undo and redo are the document's.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => {
      flush();
      doc.getState().undo();
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => {
      flush();
      doc.getState().redo();
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => {
      flush();
      doc.getState().redo();
    });
    const showMarkers = () => {
      const { diagnostics } = doc.getState();
      monaco.editor.setModelMarkers(
        model,
        "archsim",
        diagnostics.map((d) => ({
          startLineNumber: Math.max(1, d.line),
          startColumn: Math.max(1, d.col),
          endLineNumber: Math.max(1, d.endLine || d.line),
          endColumn: Math.max(1, d.endCol || d.col + 1),
          message: d.path ? `${d.path}: ${d.message}` : d.message,
          severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        })),
      );
    };
    showMarkers();
    const unsubscribe = doc.subscribe((s, prev) => {
      if (s.text !== prev.text && !applyingOwn && s.text !== model.getValue()) {
        if (sync.isPending()) {
          // Typing not yet sent: apply the other change around it (as an edit, so Monaco
          // moves the cursor), then send both. Where they overlap, the typing wins.
          const edit = rebaseEdit(synced, model.getValue(), s.text);
          synced = s.text;
          if (edit) {
            const from = model.getPositionAt(edit.from);
            const to = model.getPositionAt(edit.to);
            model.applyEdits([
              { range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: edit.insert },
            ]);
          }
          // Not from inside this listener: the store is still telling others of this change.
          sync.sendIn(0);
        } else {
          // A change from the canvas, the inspector or undo: keep the cursor where it was.
          synced = s.text;
          const selection = editor.getSelection();
          model.setValue(s.text);
          if (selection) editor.setSelection(selection);
        }
      }
      if (s.diagnostics !== prev.diagnostics) showMarkers();
    });
    return () => {
      sync.flush();
      unsubscribe();
      typing.dispose();
      keys.dispose();
      blur.dispose();
      assist.dispose();
      stopTheme();
      editor.dispose();
      model.dispose();
    };
  }, [doc]);

  // nokey: React Flow's key handlers (Space pans, Backspace deletes) skip it. Monaco types
  // through an EditContext <div> in Chromium, which they would not take for a text field.
  return <div ref={host} className="as-yaml-editor nokey" data-testid="yaml-editor" />;
}
