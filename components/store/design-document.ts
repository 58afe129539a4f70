/**
 * The open design, as the designer holds it: the YAML text (the one source of truth), the
 * last design that text parsed to, its diagnostics, the selection, and the undo history. A
 * vanilla zustand store, so it is used and tested without React; the canvas, the inspector
 * and the code editor are views of it and change it only through `apply` and `setText`.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import {
  applyDesignChange,
  DesignChangeError,
  parseDesign,
  type Design,
  type DesignChange,
  type DesignDiagnostic,
} from "../../model";

/** How many steps undo can go back; older ones are dropped. */
export const HISTORY_LIMIT = 200;
/** Text edits from the code editor closer together than this make one undo step. */
export const TYPING_GROUP_MS = 1000;

export interface HistoryEntry {
  /** The text before the change. */
  text: string;
  /** What the change did, for "Undo <label>". */
  label: string;
}

export interface DesignDocumentState {
  text: string;
  /** The design the text parses to; when the text is invalid, the last one that parsed. */
  design: Design | null;
  /** Whether `design` is the current text's (false while the text has errors). */
  valid: boolean;
  diagnostics: DesignDiagnostic[];
  selection: string[];
  /** The canvas edges selected (ids as the canvas makes them, `call:order->inventory`). */
  selectedEdges: string[];
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** The last command's outcome, for the status line. */
  status: { kind: "done" | "refused"; message: string } | null;
  /** The store version the text was loaded from or last saved as; null when never saved. */
  savedVersion: number | null;
  /** The text of `savedVersion`: the document is dirty while `text` differs from it. */
  savedText: string;
}

export interface DesignDocumentActions {
  /** Runs a command (canvas or inspector): one undo step; a refused command changes nothing. */
  apply(change: DesignChange): boolean;
  /** Replaces the text (the code editor); quick successive edits make one undo step. */
  setText(text: string): void;
  undo(): void;
  redo(): void;
  /** Selects components and, optionally, canvas edges (none when not given). */
  select(ids: readonly string[], edgeIds?: readonly string[]): void;
  /** The server saved `text` as `version`. */
  markSaved(version: number, text: string): void;
  /** Replaces the whole text as one undo step (restoring an old version); saved as any edit is. */
  replaceText(text: string, label: string): void;
  /** Loads another text (open, take the server's after a conflict): one undo step, unless `resetHistory`. */
  load(text: string, version: number | null, options?: { label?: string; resetHistory?: boolean }): void;
}

export type DesignDocumentStore = StoreApi<DesignDocumentState & DesignDocumentActions>;

export interface DesignDocumentOptions {
  /** The clock that groups typing into undo steps (tests pass their own). */
  now?: () => number;
}

/**
 * Creates the store of one open design.
 * @example
 * const doc = createDesignDocument(text, 3);
 * doc.getState().apply({ type: "addComponent", kind: "service" });
 */
export function createDesignDocument(
  text: string,
  savedVersion: number | null,
  options: DesignDocumentOptions = {},
): DesignDocumentStore {
  const now = options.now ?? (() => Date.now());
  let lastTyping = -Infinity;

  return createStore<DesignDocumentState & DesignDocumentActions>()((set, get) => {
    /** The state for a new text: parsed, the last valid design kept when it does not parse. */
    const parsed = (next: string): Pick<DesignDocumentState, "text" | "design" | "valid" | "diagnostics"> => {
      const { design, errors, warnings } = parseDesign(next);
      return {
        text: next,
        design: design ?? get()?.design ?? null,
        valid: design !== undefined,
        diagnostics: [...errors, ...warnings],
      };
    };

    const commit = (next: ReturnType<typeof parsed>, label: string, extra: Partial<DesignDocumentState> = {}): void => {
      const s = get();
      const past = [...s.past, { text: s.text, label }];
      if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
      set({ ...next, past, future: [], ...extra });
    };

    const initial = parseDesign(text);
    return {
      text,
      design: initial.design ?? null,
      valid: initial.design !== undefined,
      diagnostics: [...initial.errors, ...initial.warnings],
      selection: [],
      selectedEdges: [],
      past: [],
      future: [],
      status: null,
      savedVersion,
      savedText: text,

      apply(change) {
        lastTyping = -Infinity;
        try {
          const r = applyDesignChange(get().text, change);
          const next = parsed(r.text);
          // Keep the selected ids that are still components (a removed one is deselected).
          const kept = next.valid ? get().selection.filter((id) => id in next.design!.components) : get().selection;
          commit(next, r.summary, {
            status: { kind: "done", message: r.summary },
            selection: r.select ? [r.select] : kept,
            // A command that picks a component moves the selection there; other edits keep the edge in view.
            ...(r.select ? { selectedEdges: [] } : {}),
          });
          return true;
        } catch (e) {
          if (!(e instanceof DesignChangeError)) throw e;
          set({ status: { kind: "refused", message: e.message } });
          return false;
        }
      },

      setText(next) {
        const s = get();
        if (next === s.text) return;
        const t = now();
        const grouped = t - lastTyping < TYPING_GROUP_MS && s.past.at(-1)?.label === "Edit text";
        lastTyping = t;
        if (grouped) set({ ...parsed(next), future: [] });
        else commit(parsed(next), "Edit text");
      },

      undo() {
        const s = get();
        const entry = s.past.at(-1);
        if (!entry) return;
        lastTyping = -Infinity;
        set({
          ...parsed(entry.text),
          past: s.past.slice(0, -1),
          future: [...s.future, { text: s.text, label: entry.label }],
          status: { kind: "done", message: `Undid: ${entry.label}` },
        });
      },

      redo() {
        const s = get();
        const entry = s.future.at(-1);
        if (!entry) return;
        lastTyping = -Infinity;
        set({
          ...parsed(entry.text),
          past: [...s.past, { text: s.text, label: entry.label }],
          future: s.future.slice(0, -1),
          status: { kind: "done", message: `Redid: ${entry.label}` },
        });
      },

      replaceText(next, label) {
        lastTyping = -Infinity;
        if (next === get().text) return;
        commit(parsed(next), label, { status: { kind: "done", message: label } });
      },

      select(ids, edgeIds = []) {
        set({ selection: [...ids], selectedEdges: [...edgeIds] });
      },

      markSaved(version, savedText) {
        set({ savedVersion: version, savedText });
      },

      load(next, version, opts = {}) {
        lastTyping = -Infinity;
        if (opts.resetHistory) {
          set({
            ...parsed(next),
            past: [],
            future: [],
            selection: [],
            selectedEdges: [],
            savedVersion: version,
            savedText: next,
            status: null,
          });
          return;
        }
        commit(parsed(next), opts.label ?? "Load", {
          savedVersion: version,
          savedText: next,
          selection: [],
          selectedEdges: [],
        });
      },
    };
  });
}

/** Whether the text differs from the last saved one. */
export function isDirty(s: DesignDocumentState): boolean {
  return s.text !== s.savedText;
}
