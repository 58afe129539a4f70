"use client";
/**
 * The design list: every stored design with open, rename, duplicate and delete; a new design,
 * blank or from a shipped example; and import of .yaml/.json files, opened with a button or
 * dropped anywhere on the page. Everything goes through the designs API.
 */
import "./designs.css";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ApiError, DesignSummary, ExampleSummary } from "../../model";
import { DesignApiClient } from "../store/design-api-client";
import { DeleteDialog, RenameDialog } from "./design-dialogs";
import { BLANK, ImportProblems, NewDesignForm, type ImportProblem } from "./design-list-parts";
import { blankDesignText, copyName, formatRelativeTime, formatUtc, setDesignName, UNTITLED } from "./design-names";
import { checkImportFile, checkImportText } from "./import-file";

export type DesignListProps = {
  initialDesigns: DesignSummary[];
  examples: ExampleSummary[];
};

type Notice = { kind: "done" | "failed"; text: string };

export function DesignList({ initialDesigns, examples }: DesignListProps) {
  const router = useRouter();
  const [client] = useState(() => new DesignApiClient((input, init) => fetch(input, init)));
  const [designs, setDesigns] = useState(initialDesigns);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [renaming, setRenaming] = useState<DesignSummary | null>(null);
  const [deleting, setDeleting] = useState<DesignSummary | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const now = useSyncExternalStore(subscribeToClock, getClock, () => null);

  const refresh = useCallback(async () => {
    try {
      setDesigns(await client.list());
    } catch (e) {
      setNotice({ kind: "failed", text: `The list could not be refreshed: ${(e as Error).message}` });
    }
  }, [client]);

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      setBusy(true);
      const failed: ImportProblem[] = [];
      const made: { id: string; name: string }[] = [];
      for (const file of files) {
        const refused = checkImportFile(file);
        if (refused) {
          failed.push({ file: file.name, message: refused, errors: [] });
          continue;
        }
        let text: string;
        try {
          text = await file.text();
        } catch (e) {
          failed.push({ file: file.name, message: `the file cannot be read (${(e as Error).message})`, errors: [] });
          continue;
        }
        const check = checkImportText(file.name, text);
        if (!check.ok) {
          failed.push({ file: file.name, message: countErrors(check.errors.length), errors: check.errors });
          continue;
        }
        try {
          const created = await client.create(check.text, check.format);
          if ("errors" in created)
            failed.push({ file: file.name, message: "the server refused it", errors: created.errors });
          else made.push({ id: created.id, name: check.name });
        } catch (e) {
          failed.push({
            file: file.name,
            message: `the server cannot be reached (${(e as Error).message})`,
            errors: [],
          });
        }
      }
      setProblems(failed);
      setFresh(new Set(made.map((m) => m.id)));
      setNotice(
        made.length
          ? { kind: "done", text: `Imported ${made.map((m) => `“${m.name}”`).join(", ")}.` }
          : {
              kind: "failed",
              text: `Nothing was imported: ${failed.length === 1 ? "the file has" : "the files have"} problems.`,
            },
      );
      if (made.length) await refresh();
      setBusy(false);
    },
    [client, refresh],
  );

  // Files dropped anywhere on the page are imported; the browser must not open them instead.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes("Files");
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = "copy";
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      // Only leaving the window ends the drag; moving between elements does not.
      if (e.relatedTarget === null) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      void importFiles(Array.from(e.dataTransfer!.files));
    };
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, [importFiles]);

  async function createDesign(name: string, start: string): Promise<void> {
    setBusy(true);
    setNotice(null);
    try {
      let text = start === BLANK ? blankDesignText() : (await client.getExample(start)).yaml;
      if (name.trim() !== "") {
        const named = setDesignName(text, name);
        if ("error" in named) throw new Error(named.error);
        text = named.text;
      }
      const created = await client.create(text);
      if ("errors" in created) throw new Error(created.errors.map(formatError).join("; "));
      router.push(`/designs/${created.id}`);
    } catch (e) {
      setNotice({ kind: "failed", text: `The design was not created: ${(e as Error).message}` });
      setBusy(false);
    }
  }

  async function rename(design: DesignSummary, to: string): Promise<string | null> {
    try {
      let stored = await client.get(design.id);
      // A save based on a stale version is refused; the rename is then made again on the current text.
      for (let attempt = 0; stored && attempt < 3; attempt++) {
        const named = setDesignName(stored.yaml, to);
        if ("error" in named) return capitalize(named.error);
        const saved = await client.save(design.id, named.text, stored.version);
        if (saved.kind === "saved") {
          setRenaming(null);
          setFresh(new Set([design.id]));
          setNotice({ kind: "done", text: `Renamed “${design.name}” to “${to.replace(/\s+/g, " ").trim()}”.` });
          await refresh();
          return null;
        }
        if (saved.kind === "invalid") return `The server refused it: ${saved.errors.map(formatError).join("; ")}`;
        if (saved.kind === "failed") return `Not renamed: ${saved.message}`;
        stored = { ...stored, yaml: saved.yaml, version: saved.version };
      }
      if (!stored) {
        await refresh();
        return "This design no longer exists: someone deleted it.";
      }
      return "Not renamed: the design keeps changing elsewhere; try again.";
    } catch (e) {
      return `Not renamed: ${(e as Error).message}`;
    }
  }

  async function duplicate(design: DesignSummary): Promise<void> {
    setBusy(true);
    try {
      const stored = await client.get(design.id);
      if (!stored) throw new Error("it no longer exists");
      const named = setDesignName(
        stored.yaml,
        copyName(
          design.name,
          designs.map((d) => d.name),
        ),
      );
      if ("error" in named) throw new Error(named.error);
      const created = await client.create(named.text);
      if ("errors" in created) throw new Error(created.errors.map(formatError).join("; "));
      setFresh(new Set([created.id]));
      setNotice({ kind: "done", text: `Duplicated “${design.name}”.` });
      await refresh();
    } catch (e) {
      setNotice({ kind: "failed", text: `“${design.name}” was not duplicated: ${(e as Error).message}` });
    }
    setBusy(false);
  }

  async function remove(design: DesignSummary): Promise<string | null> {
    try {
      if (!(await client.remove(design.id))) {
        await refresh();
        return "It was not deleted: it may already be gone (the list is refreshed).";
      }
    } catch (e) {
      return `It was not deleted: ${(e as Error).message}`;
    }
    setDeleting(null);
    setNotice({ kind: "done", text: `Deleted “${design.name}”.` });
    await refresh();
    // The row and its button are gone: focus goes to the list, not to the page's start.
    heading.current?.focus();
    return null;
  }

  return (
    // data-ready: the page has hydrated (the browser's clock is read), so its buttons work.
    <div className={`as-designs${dragging ? " as-designs--dragging" : ""}`} data-ready={now !== null}>
      <header className="as-designs-header">
        <span className="as-designs-brand">
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="1" y="1" width="22" height="22" rx="6" className="as-designs-brand-box" />
            <path d="M6 16.5 9.5 8l3 6 2-3.5 3.5 6" className="as-designs-brand-line" />
          </svg>
          archsim
        </span>
        <h1>Designs</h1>
      </header>
      <main className="as-designs-main" aria-busy={busy}>
        <NewDesignForm examples={examples} busy={busy} onCreate={createDesign} />

        <section className="as-designs-import" aria-labelledby="import-title">
          <h2 id="import-title">Import</h2>
          <button type="button" onClick={() => fileInput.current?.click()} disabled={busy}>
            Open file…
          </button>
          <p className="as-designs-hint">or drop .yaml or .json files anywhere on this page (up to 5 MiB each).</p>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml"
            multiple
            hidden
            data-testid="import-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = "";
              void importFiles(files);
            }}
          />
        </section>

        <p
          className={`as-designs-notice${notice?.kind === "failed" ? " as-designs-notice--failed" : ""}`}
          role="status"
          aria-live="polite"
        >
          {notice?.text}
        </p>
        {problems.length ? <ImportProblems problems={problems} onDismiss={() => setProblems([])} /> : null}

        <section className="as-designs-list" aria-labelledby="list-title">
          <h2 id="list-title" ref={heading} tabIndex={-1}>
            {designs.length === 1 ? "1 design" : `${designs.length} designs`}
          </h2>
          {designs.length === 0 ? (
            <p className="as-designs-empty">No designs yet: create one above, or open a file.</p>
          ) : (
            <ul>
              {designs.map((d) => (
                <li
                  key={d.id}
                  className={`as-design-row${fresh.has(d.id) ? " as-design-row--fresh" : ""}`}
                  data-testid={`design-row-${d.id}`}
                  aria-labelledby={`design-${d.id}`}
                >
                  <div className="as-design-text">
                    <Link id={`design-${d.id}`} className="as-design-name" href={`/designs/${d.id}`}>
                      {d.name || UNTITLED}
                    </Link>
                    <p className="as-design-meta">
                      <code>{d.id}</code>
                      <span>version {d.version}</span>
                      <span>
                        updated{" "}
                        {/* Relative once in the browser: the server's render must match the first one there. */}
                        {now === null ? (
                          <time dateTime={d.updatedAt}>{formatUtc(d.updatedAt)}</time>
                        ) : (
                          <>
                            <time dateTime={d.updatedAt}>{formatRelativeTime(d.updatedAt, now)}</time>
                            <span className="as-design-when"> ({formatLocal(d.updatedAt)})</span>
                          </>
                        )}
                      </span>
                    </p>
                  </div>
                  <div className="as-design-actions">
                    <button
                      type="button"
                      onClick={() => setRenaming(d)}
                      aria-label={`Rename ${d.name}`}
                      disabled={busy}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      onClick={() => void duplicate(d)}
                      aria-label={`Duplicate ${d.name}`}
                      disabled={busy}
                    >
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="as-button-danger-quiet"
                      onClick={() => setDeleting(d)}
                      aria-label={`Delete ${d.name}`}
                      disabled={busy}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
      {dragging ? (
        <div className="as-designs-drop" aria-hidden="true">
          <p>Drop .yaml or .json files to import them</p>
        </div>
      ) : null}
      {renaming ? (
        <RenameDialog name={renaming.name} onCancel={() => setRenaming(null)} onRename={(to) => rename(renaming, to)} />
      ) : null}
      {deleting ? (
        <DeleteDialog
          name={deleting.name}
          versions={deleting.version}
          onCancel={() => setDeleting(null)}
          onDelete={() => remove(deleting)}
        />
      ) : null}
    </div>
  );
}

function countErrors(n: number): string {
  return n === 1 ? "1 error" : `${n} errors`;
}

function formatError(e: ApiError): string {
  return e.line > 0 ? `${e.line}:${e.col} ${e.message}` : e.message;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatLocal(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// A clock shared by the page's relative times: read once a subscriber arrives, then every 30 s.
let clock = 0;
function subscribeToClock(onTick: () => void): () => void {
  clock = Date.now();
  const timer = setInterval(() => {
    clock = Date.now();
    onTick();
  }, 30_000);
  return () => clearInterval(timer);
}
function getClock(): number {
  // Cached: useSyncExternalStore needs the same value until the clock ticks.
  if (clock === 0) clock = Date.now();
  return clock;
}
