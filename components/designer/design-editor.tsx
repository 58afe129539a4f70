"use client";
/**
 * The editor of one stored design: the palette, the editable canvas, the save status and the
 * keyboard shortcuts, over the design document store (the text is the source of truth) with
 * autosave to the designs API.
 */
import "./designer.css";
import Link from "next/link";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useStore } from "zustand";
import {
  applyDesignChange,
  COMPONENT_KINDS,
  DesignChangeError,
  type ComponentKind,
  type DesignChange,
} from "../../model";
import { copyComponents, pasteComponents, readClipboard } from "../../model/clipboard";
import { DesignCanvas, PALETTE_DRAG_TYPE, type CanvasApi, type CanvasEditing } from "../canvas/design-canvas";
import { layoutNodes } from "../canvas/layout";
import { toFlowElements } from "../canvas/to-flow";
import { EdgeLegend } from "../canvas/legend";
import { KindIcon } from "../canvas/nodes/kind-icon";
import {
  draftKey,
  readDraft,
  startAutosave,
  type Autosave,
  type DraftStorage,
  type SaveStatus,
} from "../store/autosave";
import { DesignApiClient } from "../store/design-api-client";
import { createDesignDocument, isDirty } from "../store/design-document";
import { ThemeToggle } from "../ui/theme-toggle";
import { FindDialog } from "./find-dialog";
import { ExportMenu } from "./export-menu";
import { HistoryDialog } from "./history-dialog";
import { Inspector } from "./inspector";
import { ShortcutsDialog, SHORTCUTS } from "./shortcuts-dialog";
import { LiveMetricsProvider } from "../store/live-metrics-context";
import { RunPanel } from "../run-panel/run-panel";

/** Monaco needs the browser: loaded on the client only, after the page is up. */
const YamlEditor = dynamic(() => import("../code-editor/yaml-editor"), {
  ssr: false,
  loading: () => <p className="as-code-loading">Loading the YAML editor…</p>,
});

/** The YAML editor opens beside the canvas by default on screens at least this wide. */
const WIDE_QUERY = "(min-width: 1680px)";
function subscribeToWidth(onChange: () => void): () => void {
  const q = window.matchMedia(WIDE_QUERY);
  q.addEventListener("change", onChange);
  return () => q.removeEventListener("change", onChange);
}

const KIND_NAMES: Readonly<Record<ComponentKind, string>> = {
  client: "client",
  gateway: "gateway",
  service: "service",
  broker: "broker",
  registry: "registry",
  config: "config server",
  observability: "observability",
  database: "database",
  cache: "cache",
};

export type DesignEditorProps = { id: string; initialText: string; version: number };

export function DesignEditor({ id, initialText, version }: DesignEditorProps) {
  const [doc] = useState(() => createDesignDocument(initialText, version));
  const design = useStore(doc, (s) => s.design);
  const valid = useStore(doc, (s) => s.valid);
  const diagnostics = useStore(doc, (s) => s.diagnostics);
  const selection = useStore(doc, (s) => s.selection);
  const status = useStore(doc, (s) => s.status);
  const canUndo = useStore(doc, (s) => s.past.length > 0);
  const canRedo = useStore(doc, (s) => s.future.length > 0);
  const undoLabel = useStore(doc, (s) => s.past.at(-1)?.label);
  const redoLabel = useStore(doc, (s) => s.future.at(-1)?.label);
  const dirty = useStore(doc, isDirty);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>({ kind: "saved", version });
  const [renaming, setRenaming] = useState<string | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [showFind, setShowFind] = useState(false);
  const [arranging, setArranging] = useState(false);
  const [showRun, setShowRun] = useState(false);
  const [client] = useState(() => new DesignApiClient((input, init) => fetch(input, init)));
  const wide = useSyncExternalStore(
    subscribeToWidth,
    () => window.matchMedia(WIDE_QUERY).matches,
    () => false,
  );
  const [codeChoice, setCodeChoice] = useState<boolean | null>(null);
  // Unsaved text an earlier visit left in this browser, read once when the page first runs in
  // the browser: the drafts this visit writes (while the text is invalid, say) are not offered.
  const [openToken] = useState(() => ({}));
  const draftRaw = useSyncExternalStore(
    subscribeToNothing,
    () => {
      if (!DRAFTS_AT_OPEN.has(openToken))
        DRAFTS_AT_OPEN.set(openToken, getDraftStorage()?.getItem(draftKey(id)) ?? null);
      return DRAFTS_AT_OPEN.get(openToken)!;
    },
    () => null,
  );
  const [draftHandled, setDraftHandled] = useState(false);
  const draft = useMemo(() => {
    if (draftRaw === null) return null;
    const d = readDraft({ getItem: () => draftRaw, setItem: () => {}, removeItem: () => {} }, id);
    return d && d.text !== initialText ? d : null;
  }, [draftRaw, id, initialText]);
  const showCode = codeChoice ?? wide;
  const autosave = useRef<Autosave | null>(null);
  const canvasApi = useRef<CanvasApi | null>(null);

  useEffect(() => {
    const save = startAutosave({
      doc,
      client,
      designId: id,
      drafts: getDraftStorage(),
      onStatus: setSaveStatus,
    });
    autosave.current = save;
    return () => save.dispose();
  }, [doc, id, client]);

  // Leaving with unsaved changes asks first (the local draft keeps them either way).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (isDirty(doc.getState())) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [doc]);

  const addComponent = useCallback(
    (kind: ComponentKind, at?: { x: number; y: number }) => {
      doc.getState().apply({ type: "addComponent", kind, at: at ?? canvasApi.current?.placeNew(kind) });
    },
    [doc],
  );

  // The last copy made in this editor: a fallback for browsers that keep the system
  // clipboard from the page, and the count that cascades repeated pastes.
  const clipboard = useRef<{ text: string; pastes: number } | null>(null);
  const paste = useCallback(
    (clipText: string) => {
      const clip = readClipboard(clipText);
      if (!clip) return false;
      const own = clipboard.current?.text === clipText ? clipboard.current : null;
      const step = 40 * ((own?.pastes ?? 0) + 1);
      try {
        const s = doc.getState();
        const out = pasteComponents(s.text, clip, { x: step, y: step });
        s.replaceText(out.text, out.summary);
        doc.getState().select(out.ids);
        if (own) own.pastes++;
      } catch (e) {
        doc.setState({ status: { kind: "refused", message: e instanceof Error ? e.message : String(e) } });
      }
      return true;
    },
    [doc],
  );
  const copySelection = useCallback((): string | null => {
    const s = doc.getState();
    const text = s.selection.length ? copyComponents(s.text, s.selection) : null;
    if (text) clipboard.current = { text, pastes: 0 };
    return text;
  }, [doc]);

  // Auto-layout of the whole design: one undo step, then the view fits it.
  const arrange = useCallback(async () => {
    const current = doc.getState().design;
    if (!current || arranging) return;
    setArranging(true);
    try {
      const { nodes, edges } = toFlowElements(current);
      const placed = await layoutNodes(
        nodes.map((n) => ({ ...n, data: { ...n.data, autoPlaced: true } })),
        edges,
      );
      const positions: Record<string, { x: number; y: number }> = {};
      for (const n of placed) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      if (doc.getState().design === current && placed.length) {
        doc.getState().apply({ type: "moveComponents", positions });
        doc.setState({ status: { kind: "done", message: "Arranged the design (Ctrl+Z to undo)" } });
        window.setTimeout(() => canvasApi.current?.fit(), 50);
      }
    } catch (e) {
      doc.setState({
        status: { kind: "refused", message: `Auto-layout failed: ${e instanceof Error ? e.message : e}` },
      });
    } finally {
      setArranging(false);
    }
  }, [doc, arranging]);

  const editing = useMemo<CanvasEditing>(
    () => ({
      onMove: (positions) => doc.getState().apply({ type: "moveComponents", positions }),
      onConnect: (source, target) => doc.getState().apply({ type: "connect", source, target }),
      onDelete: (ids, edges) => {
        const changes: DesignChange[] = [];
        if (ids.length) changes.push({ type: "removeComponents", ids });
        for (const e of edges) changes.push({ type: "disconnect", ...e });
        if (changes.length === 1) {
          doc.getState().apply(changes[0]!);
          return;
        }
        // Several edges (and components) at once: one undo step for the whole deletion.
        try {
          let text = doc.getState().text;
          for (const c of changes) text = applyDesignChange(text, c).text;
          const label = [
            ids.length ? `Deleted ${countLabel(ids.length, "component")}` : "",
            edges.length ? `${ids.length ? "and" : "Deleted"} ${countLabel(edges.length, "connection")}` : "",
          ]
            .filter(Boolean)
            .join(" ");
          doc.getState().replaceText(text, label);
          doc.getState().select([]);
        } catch (e) {
          if (!(e instanceof DesignChangeError)) throw e;
          doc.setState({ status: { kind: "refused", message: e.message } });
        }
      },
      onSelect: (ids, edgeIds) => doc.getState().select(ids, edgeIds),
      onRename: (cid) => setRenaming(cid),
      onDrop: (kind, at) => addComponent(kind, at),
      onReady: (api) => (canvasApi.current = api),
    }),
    [doc, addComponent],
  );

  // Shortcuts on the page, except while typing in a field (it has its own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target?.closest("input, textarea, select, [contenteditable='true'], .monaco-editor");
      const mod = e.metaKey || e.ctrlKey;
      const key = e.key.toLowerCase();
      if (mod && key === "s") {
        e.preventDefault();
        void autosave.current?.flush();
        return;
      }
      if (mod && key === "k" && !target?.closest(".monaco-editor")) {
        e.preventDefault();
        setShowFind(true);
        return;
      }
      if (typing) return;
      if (mod && key === "d") {
        e.preventDefault();
        const text = copySelection();
        if (text) paste(text);
        return;
      }
      if (e.shiftKey && !mod && key === "l") {
        e.preventDefault();
        void arrange();
        return;
      }
      if (mod && key === "z" && !e.shiftKey) {
        e.preventDefault();
        doc.getState().undo();
      } else if (mod && ((key === "z" && e.shiftKey) || key === "y")) {
        e.preventDefault();
        doc.getState().redo();
      } else if (e.key === "F2") {
        const one = doc.getState().selection;
        if (one.length === 1) {
          e.preventDefault();
          setRenaming(one[0]!);
        }
      } else if (e.key === "?") {
        e.preventDefault();
        setShowShortcuts(true);
      }
    };
    // Copy, cut and paste through the clipboard events: no permission prompt, and the text
    // reaches other tabs and other designs (a paste of other text is left alone).
    const outsideFields = (e: Event) =>
      !(e.target as HTMLElement | null)?.closest?.("input, textarea, select, [contenteditable='true'], .monaco-editor");
    const onCopy = (e: ClipboardEvent) => {
      if (!outsideFields(e) || window.getSelection()?.toString()) return;
      const text = copySelection();
      if (!text) return;
      e.preventDefault();
      e.clipboardData?.setData("text/plain", text);
      const n = doc.getState().selection.length;
      doc.setState({
        status: { kind: "done", message: `Copied ${n === 1 ? doc.getState().selection[0] : `${n} components`}` },
      });
      if (e.type === "cut") doc.getState().apply({ type: "removeComponents", ids: doc.getState().selection });
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!outsideFields(e)) return;
      const text = e.clipboardData?.getData("text/plain") || clipboard.current?.text;
      if (text && paste(text)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("copy", onCopy);
    window.addEventListener("cut", onCopy);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("copy", onCopy);
      window.removeEventListener("cut", onCopy);
      window.removeEventListener("paste", onPaste);
    };
  }, [doc, copySelection, paste, arrange]);

  const errors = diagnostics.filter((d) => d.severity === "error");
  return (
    <LiveMetricsProvider>
      <div className="as-designer">
        <header className="as-header">
          <Link className="as-brand" href="/" aria-label="archsim home">
            <BrandMark />
            <span>archsim</span>
          </Link>
          <Link className="as-designs-link" href="/designs">
            Designs
          </Link>
          <div className="as-title-block">
            <h1 className="as-title" data-testid="design-name">
              {design?.name ?? "Untitled design"}
            </h1>
            <p className="as-subtitle">
              <SaveState status={saveStatus} dirty={dirty} />
              {design ? <span>{countLabel(Object.keys(design.components).length, "component")}</span> : null}
            </p>
          </div>
          <div className="as-toolbar" role="toolbar" aria-label="Edit">
            <button
              type="button"
              onClick={() => doc.getState().undo()}
              disabled={!canUndo}
              title={canUndo ? `Undo: ${undoLabel} (Ctrl+Z)` : "Nothing to undo"}
            >
              Undo
            </button>
            <button
              type="button"
              onClick={() => doc.getState().redo()}
              disabled={!canRedo}
              title={canRedo ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo"}
            >
              Redo
            </button>
            <button
              type="button"
              aria-pressed={showCode}
              onClick={() => setCodeChoice(!showCode)}
              title={showCode ? "Hide the YAML editor" : "Show the design as YAML beside the canvas"}
            >
              YAML
            </button>
            <button type="button" onClick={() => setShowHistory(true)} title="Saved versions: compare and restore">
              History
            </button>
            <button type="button" onClick={() => canvasApi.current?.fit()} title="Zoom to fit">
              Fit
            </button>
            <ExportMenu doc={doc} designId={id} />
            <button
              type="button"
              onClick={() => void arrange()}
              disabled={!design || arranging}
              title="Arrange every component automatically (Shift+L); Ctrl+Z undoes it"
            >
              {arranging ? "Arranging…" : "Arrange"}
            </button>
            <button type="button" onClick={() => setShowFind(true)} title="Find a component (Ctrl+K)">
              Find
            </button>
            <button
              type="button"
              aria-pressed={showRun}
              onClick={() => setShowRun((v) => !v)}
              title="Run a scenario of this design and watch it live"
            >
              Simulate
            </button>
            <ThemeToggle />
            <button
              type="button"
              onClick={() => setShowShortcuts(true)}
              aria-label="Keyboard shortcuts"
              title="Shortcuts (?)"
            >
              ?
            </button>
          </div>
        </header>
        {saveStatus.kind === "conflict" ? (
          <div className="as-banner as-banner--conflict" role="alert">
            <span>
              Someone saved version {saveStatus.version} of this design while you were editing. Your changes are not
              saved yet.
            </span>
            <button type="button" onClick={() => void autosave.current?.keepMine()}>
              Keep mine
            </button>
            <button type="button" onClick={() => autosave.current?.takeTheirs()}>
              Take theirs
            </button>
          </div>
        ) : null}
        {draft && !draftHandled ? (
          <div className="as-banner as-banner--draft" role="region" aria-label="Unsaved changes">
            <span>
              This browser kept changes to this design that were never saved
              {draft.base !== null && draft.base !== version
                ? ` (made on version ${draft.base}; this is version ${version})`
                : ""}
              .
            </span>
            <button
              type="button"
              onClick={() => {
                doc.getState().replaceText(draft.text, "Restore unsaved changes");
                setDraftHandled(true);
              }}
            >
              Restore them
            </button>
            <button
              type="button"
              onClick={() => {
                getDraftStorage()?.removeItem(draftKey(id));
                setDraftHandled(true);
              }}
            >
              Discard
            </button>
          </div>
        ) : null}
        <div className="as-workspace">
          <nav className="as-palette" aria-label="Components">
            <p className="as-palette-title">Add</p>
            {COMPONENT_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className="as-palette-item"
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_DRAG_TYPE, kind);
                  e.dataTransfer.effectAllowed = "copy";
                }}
                onClick={() => addComponent(kind)}
                aria-label={`Add ${kind}`}
                title={`Add a ${KIND_NAMES[kind]}: click, or drag onto the canvas`}
              >
                <span className={`as-palette-icon as-node--${kind}`} aria-hidden="true">
                  <KindIcon kind={kind} />
                </span>
                <span>{kind}</span>
              </button>
            ))}
          </nav>
          <main className="as-main">
            <div className="as-legend-dock">
              <EdgeLegend />
            </div>
            {design ? (
              <DesignCanvas design={design} editing={editing} selection={selection} />
            ) : (
              <p className="as-empty">This design has errors; fix them to see the canvas.</p>
            )}
            {!valid ? (
              <section className="as-problems" aria-label="Problems">
                <h2>
                  {errors.length} problem{errors.length === 1 ? "" : "s"}: the canvas shows the last valid design
                </h2>
                <ul>
                  {errors.slice(0, 20).map((d, i) => (
                    <li key={i}>
                      <code>
                        {d.line}:{d.col}
                      </code>{" "}
                      {d.path ? <code>{d.path}</code> : null} {d.message}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {showRun ? <RunPanel doc={doc} /> : null}
          </main>
          {showCode ? (
            <section className="as-code" aria-label="Design as YAML">
              <YamlEditor doc={doc} />
            </section>
          ) : null}
          <Inspector doc={doc} />
        </div>
        <p
          className={`as-status${status?.kind === "refused" ? " as-status--refused" : ""}`}
          role="status"
          aria-live="polite"
        >
          {status?.message ?? "Drag from a component's right edge to another to connect them. Press ? for shortcuts."}
        </p>
        {renaming ? (
          <RenameDialog
            id={renaming}
            onClose={() => setRenaming(null)}
            onRename={(to) => {
              const ok = doc.getState().apply({ type: "renameComponent", from: renaming, to });
              return ok ? null : (doc.getState().status?.message ?? "cannot rename");
            }}
          />
        ) : null}
        {showHistory ? (
          <HistoryDialog
            client={client}
            designId={id}
            currentText={doc.getState().text}
            onRestore={(text, v) => doc.getState().replaceText(text, `Restore version ${v}`)}
            onClose={() => setShowHistory(false)}
          />
        ) : null}
        {showFind && design ? (
          <FindDialog
            items={Object.entries(design.components).map(([cid, c]) => ({ id: cid, label: c.label, kind: c.kind }))}
            onPick={(cid) => {
              doc.getState().select([cid]);
              canvasApi.current?.focus([cid]);
            }}
            onClose={() => setShowFind(false)}
          />
        ) : null}
        {showShortcuts ? <ShortcutsDialog shortcuts={SHORTCUTS} onClose={() => setShowShortcuts(false)} /> : null}
      </div>
    </LiveMetricsProvider>
  );
}

function SaveState({ status, dirty }: { status: SaveStatus; dirty: boolean }) {
  const text = (() => {
    switch (status.kind) {
      case "saved":
        return dirty ? "Unsaved changes" : status.version === null ? "Not saved" : `Saved · version ${status.version}`;
      case "pending":
        return "Unsaved changes";
      case "saving":
        return "Saving…";
      case "invalid":
        return `Not saved: ${status.errors} error${status.errors === 1 ? "" : "s"} to fix (kept in this browser meanwhile)`;
      case "conflict":
        return `Not saved: version ${status.version} was saved elsewhere`;
      case "failed":
        return `Not saved: ${status.message}; retrying in ${Math.round(status.retryInMs / 1000)} s`;
    }
  })();
  return (
    <span className={`as-save as-save--${status.kind}`} data-testid="save-status">
      {text}
    </span>
  );
}

function RenameDialog({ id, onClose, onRename }: { id: string; onClose(): void; onRename(to: string): string | null }) {
  const [value, setValue] = useState(id);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.select();
  }, []);
  return (
    <div className="as-dialog-backdrop" onMouseDown={onClose}>
      <form
        className="as-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="rename-title"
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          const problem = onRename(value.trim());
          if (problem) setError(problem);
          else onClose();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
        }}
      >
        <h2 id="rename-title">Rename {id}</h2>
        <label>
          New id
          <input
            ref={input}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "rename-error" : undefined}
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        {error ? (
          <p id="rename-error" className="as-field-error">
            {error}
          </p>
        ) : (
          <p className="as-hint">Every call, route, fault and workload that names it follows.</p>
        )}
        <div className="as-dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="as-primary">
            Rename
          </button>
        </div>
      </form>
    </div>
  );
}

function BrandMark() {
  return (
    <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="#2f5f9e" />
      <path
        d="M6 16.5 9.5 8l3 6 2-3.5 3.5 6"
        fill="none"
        stroke="#fff"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function countLabel(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The draft each open editor found when it opened, keyed by a token of that editor's life. */
const DRAFTS_AT_OPEN = new WeakMap<object, string | null>();

function subscribeToNothing(): () => void {
  return () => {};
}

function getDraftStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
