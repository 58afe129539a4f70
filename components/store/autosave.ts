/**
 * Autosave of one open design: a quiet moment after each change, the text is saved on top of
 * the version it was based on. The server refuses a save based on a stale version (another
 * tab or person saved meanwhile): autosave then stops and reports the conflict, for the user
 * to keep theirs (save on top of the newer version) or take the saved one. Text with errors
 * cannot be saved to the server; it is kept as a local draft, as is everything not yet saved,
 * so a closed tab or a lost connection loses nothing.
 */
import type { DesignApiClient } from "./design-api-client";
import { isDirty, type DesignDocumentStore } from "./design-document";

export type SaveStatus =
  | { kind: "saved"; version: number | null }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "invalid"; errors: number }
  | { kind: "conflict"; version: number; yaml: string }
  | { kind: "failed"; message: string; retryInMs: number };

/** Where unsaved text is kept (the browser's localStorage, or a map in tests). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AutosaveOptions {
  doc: DesignDocumentStore;
  client: Pick<DesignApiClient, "save">;
  designId: string;
  /** Quiet time after a change before saving, in ms. */
  delayMs?: number;
  schedule?: (run: () => void, ms: number) => () => void;
  drafts?: DraftStorage | null;
  onStatus?: (status: SaveStatus) => void;
}

/** The first retry after a failed save waits this long, doubling up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30_000;

export function draftKey(designId: string): string {
  return `archsim.draft.${designId}`;
}

/** The unsaved text kept for a design, and the version it was based on; null when none or unreadable. */
export function readDraft(drafts: DraftStorage | null, designId: string): { text: string; base: number | null } | null {
  try {
    const raw = drafts?.getItem(draftKey(designId));
    if (!raw) return null;
    const d = JSON.parse(raw) as { text?: unknown; base?: unknown };
    return typeof d.text === "string" ? { text: d.text, base: typeof d.base === "number" ? d.base : null } : null;
  } catch {
    return null;
  }
}

export interface Autosave {
  status(): SaveStatus;
  /** Saves now (Ctrl/Cmd+S), without waiting for the quiet time. */
  flush(): Promise<void>;
  /** After a conflict: save this text on top of the newer version. */
  keepMine(): Promise<void>;
  /** After a conflict: load the saved version (one undo step, so nothing is lost). */
  takeTheirs(): void;
  dispose(): void;
}

export function startAutosave(options: AutosaveOptions): Autosave {
  const { doc, client, designId } = options;
  const delay = options.delayMs ?? 800;
  const schedule =
    options.schedule ??
    ((run: () => void, ms: number) => {
      const t = setTimeout(run, ms);
      return () => clearTimeout(t);
    });
  const drafts = options.drafts ?? null;
  let current: SaveStatus = { kind: "saved", version: doc.getState().savedVersion };
  let cancelTimer: (() => void) | null = null;
  let inFlight: Promise<void> | null = null;
  let retryMs = RETRY_FIRST_MS;
  let disposed = false;

  const setStatus = (s: SaveStatus): void => {
    current = s;
    options.onStatus?.(s);
  };
  const arm = (ms: number): void => {
    cancelTimer?.();
    cancelTimer = schedule(() => {
      cancelTimer = null;
      void save();
    }, ms);
  };

  async function save(base?: number): Promise<void> {
    if (disposed) return;
    if (inFlight) {
      await inFlight;
      return save(base);
    }
    const s = doc.getState();
    if (!isDirty(s) && base === undefined) return setStatus({ kind: "saved", version: s.savedVersion });
    if (!s.valid)
      return setStatus({ kind: "invalid", errors: s.diagnostics.filter((d) => d.severity === "error").length });
    const baseVersion = base ?? s.savedVersion;
    if (baseVersion === null) return;
    const text = s.text;
    setStatus({ kind: "saving" });
    inFlight = (async () => {
      const r = await client.save(designId, text, baseVersion);
      if (disposed) return;
      switch (r.kind) {
        case "saved":
          retryMs = RETRY_FIRST_MS;
          doc.getState().markSaved(r.version, text);
          if (isDirty(doc.getState())) {
            setStatus({ kind: "pending" });
            arm(delay);
          } else {
            drafts?.removeItem(draftKey(designId));
            setStatus({ kind: "saved", version: r.version });
          }
          return;
        case "conflict":
          setStatus({ kind: "conflict", version: r.version, yaml: r.yaml });
          return;
        case "invalid":
          setStatus({ kind: "invalid", errors: r.errors.length });
          return;
        case "failed":
          setStatus({ kind: "failed", message: r.message, retryInMs: retryMs });
          arm(retryMs);
          retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
          return;
      }
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  }

  const unsubscribe = doc.subscribe((s, prev) => {
    if (s.text === prev.text) return;
    if (isDirty(s)) drafts?.setItem(draftKey(designId), JSON.stringify({ text: s.text, base: s.savedVersion }));
    else drafts?.removeItem(draftKey(designId));
    // A conflict waits for the user's choice; nothing is saved over it.
    if (current.kind === "conflict") return;
    if (!isDirty(s)) {
      cancelTimer?.();
      return setStatus({ kind: "saved", version: s.savedVersion });
    }
    if (!s.valid) {
      cancelTimer?.();
      return setStatus({ kind: "invalid", errors: s.diagnostics.filter((d) => d.severity === "error").length });
    }
    setStatus({ kind: "pending" });
    arm(delay);
  });

  return {
    status: () => current,
    flush: async () => {
      cancelTimer?.();
      if (current.kind === "conflict") return;
      await save();
    },
    keepMine: async () => {
      if (current.kind !== "conflict") return;
      const base = current.version;
      await save(base);
    },
    takeTheirs: () => {
      if (current.kind !== "conflict") return;
      const { version, yaml } = current;
      setStatus({ kind: "saved", version });
      doc.getState().load(yaml, version, { label: `Take the saved version ${version}` });
    },
    dispose: () => {
      // Leaving (even by an in-app link, which skips beforeunload): send what is not saved yet.
      cancelTimer?.();
      const s = doc.getState();
      if (isDirty(s) && s.valid && current.kind !== "conflict" && !inFlight) void save();
      disposed = true;
      unsubscribe();
    },
  };
}
