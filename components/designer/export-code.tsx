"use client";
/**
 * The editor's "Export code" view: the repository generateRepo makes of the current design as a
 * file tree (folders collapse; the tree is keyboard navigable as WAI-ARIA's tree view: arrows,
 * Home, End, Left/Right to collapse and expand, Enter to open) with the selected file in a
 * read-only Monaco, and a zip download of the saved design (GET /api/designs/{id}/code.zip).
 * Files the user owns (handlers written once, never overwritten) are marked "yours". Escape
 * closes it. A design with errors shows them instead of a tree.
 */
import "./export-code.css";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useStore } from "zustand";
import { generateRepo } from "../../generators";
import type { FileMap, GeneratedFile } from "../../generators/file-map";
import type { DesignDocumentStore } from "../store/design-document";

const ExportCodeViewer = dynamic(() => import("./export-code-viewer"), {
  ssr: false,
  loading: () => <p className="as-export-code-loading">Loading the code viewer…</p>,
});

/** The file shown first: the order service's create handler when there is one, else the README. */
const FIRST_FILES = ["services/order/src/handlers/create.ts", "README.md"] as const;

type TreeNode =
  | { kind: "folder"; path: string; name: string; children: TreeNode[] }
  | { kind: "file"; path: string; name: string; file: GeneratedFile };

/** The file map as a tree: folders first, then files, each sorted by name. */
export function buildFileTree(files: FileMap): TreeNode[] {
  const root: TreeNode & { kind: "folder" } = { kind: "folder", path: "", name: "", children: [] };
  for (const file of files.values()) {
    const parts = file.path.split("/");
    let at = root;
    parts.slice(0, -1).forEach((name, i) => {
      const path = parts.slice(0, i + 1).join("/");
      let next = at.children.find((c): c is TreeNode & { kind: "folder" } => c.kind === "folder" && c.path === path);
      if (!next) at.children.push((next = { kind: "folder", path, name, children: [] }));
      at = next;
    });
    at.children.push({ kind: "file", path: file.path, name: parts.at(-1)!, file });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) => (a.kind !== b.kind ? (a.kind === "folder" ? -1 : 1) : a.name < b.name ? -1 : 1));
    for (const n of nodes) if (n.kind === "folder") sort(n.children);
  };
  sort(root.children);
  return root.children;
}

type Row = { node: TreeNode; depth: number };

function visibleRows(nodes: TreeNode[], collapsed: ReadonlySet<string>, depth = 0, out: Row[] = []): Row[] {
  for (const node of nodes) {
    out.push({ node, depth });
    if (node.kind === "folder" && !collapsed.has(node.path)) visibleRows(node.children, collapsed, depth + 1, out);
  }
  return out;
}

export function ExportCode({
  doc,
  designId,
  onClose,
}: {
  doc: DesignDocumentStore;
  designId: string;
  onClose(): void;
}) {
  const design = useStore(doc, (s) => s.design);
  const valid = useStore(doc, (s) => s.valid);
  const diagnostics = useStore(doc, (s) => s.diagnostics);
  const dirty = useStore(doc, (s) => s.text !== s.savedText);
  const generated = useMemo((): { files: FileMap } | { error: string } | null => {
    if (!design || !valid) return null;
    try {
      return { files: generateRepo(design) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [design, valid]);
  const files = generated && "files" in generated ? generated.files : null;
  const tree = useMemo(() => (files ? buildFileTree(files) : []), [files]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  const shown = files && selected && files.has(selected) ? selected : files ? firstFile(files) : null;
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const focusPath = focused && rows.some((r) => r.node.path === focused) ? focused : (shown ?? rows[0]?.node.path);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>("[role=treeitem][tabindex='0'], button")?.focus();
  }, []);

  const toggle = (path: string, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open ?? next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const moveFocus = (path: string | undefined) => {
    if (!path) return;
    setFocused(path);
    treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };

  function onTreeKey(e: React.KeyboardEvent) {
    const from = (e.target as HTMLElement).closest<HTMLElement>("[role=treeitem]")?.dataset.path ?? focusPath;
    const at = rows.findIndex((r) => r.node.path === from);
    const row = rows[at];
    if (!row) return;
    const { node, depth } = row;
    if (e.key === "ArrowDown") moveFocus(rows[at + 1]?.node.path);
    else if (e.key === "ArrowUp") moveFocus(rows[at - 1]?.node.path);
    else if (e.key === "Home") moveFocus(rows[0]?.node.path);
    else if (e.key === "End") moveFocus(rows.at(-1)?.node.path);
    else if (e.key === "ArrowRight" && node.kind === "folder") {
      if (collapsed.has(node.path)) toggle(node.path, true);
      else moveFocus(node.children[0]?.path);
    } else if (e.key === "ArrowLeft") {
      if (node.kind === "folder" && !collapsed.has(node.path)) toggle(node.path, false);
      else moveFocus([...rows.slice(0, at)].reverse().find((r) => r.depth === depth - 1)?.node.path);
    } else if (e.key === "Enter" || e.key === " ") {
      if (node.kind === "folder") toggle(node.path);
      else setSelected(node.path);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  const current = shown && files ? files.get(shown) : undefined;
  // On <body>: the toolbar it is opened from is a stacking context below the canvas's overlays.
  return createPortal(
    <div className="as-dialog-backdrop" onMouseDown={onClose}>
      <div
        ref={dialog}
        className="as-export-code"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-code-title"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="as-export-code-head">
          <h2 id="export-code-title">Export code</h2>
          {files ? (
            <span className="as-export-code-count">
              {files.size} files · a TypeScript monorepo (npm workspaces, Fastify)
            </span>
          ) : null}
          <span className="as-export-code-spacer" />
          {files ? (
            dirty ? (
              <button type="button" disabled title="The download is the saved design; wait for the save">
                Download zip (saving…)
              </button>
            ) : (
              <a className="as-export-code-download" href={`/api/designs/${designId}/code.zip`} download>
                Download zip
              </a>
            )
          ) : null}
          <button type="button" onClick={onClose} aria-label="Close the code export">
            Close
          </button>
        </header>
        {!files ? (
          <div className="as-export-code-problem" role="alert">
            <p>
              {generated && "error" in generated
                ? `The code could not be generated: ${generated.error}`
                : "The design has errors; fix them to export code."}
            </p>
            {!generated ? (
              <ul>
                {diagnostics
                  .filter((d) => d.severity !== "warning")
                  .slice(0, 10)
                  .map((d, i) => (
                    <li key={i}>
                      {d.line ? `line ${d.line}: ` : ""}
                      {d.message}
                    </li>
                  ))}
              </ul>
            ) : null}
          </div>
        ) : (
          <div className="as-export-code-body">
            <ul
              ref={treeRef}
              className="as-export-code-tree"
              role="tree"
              aria-label="Generated files"
              onKeyDown={onTreeKey}
            >
              {rows.map(({ node, depth }) => {
                const isFolder = node.kind === "folder";
                const open = isFolder && !collapsed.has(node.path);
                return (
                  <li
                    key={node.path}
                    role="treeitem"
                    aria-level={depth + 1}
                    aria-expanded={isFolder ? open : undefined}
                    aria-selected={isFolder ? undefined : node.path === shown}
                    tabIndex={node.path === focusPath ? 0 : -1}
                    data-path={node.path}
                    data-kind={node.kind}
                    className={`as-export-code-item${node.path === shown ? " is-selected" : ""}`}
                    style={{ paddingLeft: 8 + depth * 14 }}
                    onFocus={() => setFocused(node.path)}
                    onClick={() => {
                      setFocused(node.path);
                      if (isFolder) toggle(node.path);
                      else setSelected(node.path);
                    }}
                  >
                    <span className="as-export-code-twisty" aria-hidden="true">
                      {isFolder ? (open ? "▾" : "▸") : ""}
                    </span>
                    <span className="as-export-code-name">{node.name}</span>
                    {node.kind === "file" && node.file.owner === "user" ? (
                      <span className="as-export-code-yours" title="Yours: written once, never overwritten">
                        yours
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            <section className="as-export-code-file" aria-label="File">
              {current ? (
                <>
                  <p className="as-export-code-path" data-testid="export-code-path">
                    {current.path}
                    <span className="as-export-code-owner">
                      {current.owner === "user"
                        ? " · yours: written once, a regeneration keeps your edits"
                        : " · archsim's: rewritten by every generation"}
                    </span>
                  </p>
                  <ExportCodeViewer path={current.path} content={current.content} />
                </>
              ) : null}
            </section>
          </div>
        )}
      </div>
    </div>,
    document.body,
  );
}

function firstFile(files: FileMap): string | null {
  return FIRST_FILES.find((p) => files.has(p)) ?? files.keys().next().value ?? null;
}
