"use client";
/**
 * The inspector's building blocks: the context its forms share (the document, the text parsed
 * once, the diagnostics, the names fields refer to) and one field, which shows what the text
 * says, the model's diagnostics for it (for the draft too, as you type), and writes a change
 * on Enter or when it loses focus.
 */
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  formatPath,
  parseFieldInput,
  type DesignChange,
  type DesignDiagnostic,
  type DesignFieldReader,
  type PathSegment,
} from "../../../model";
import type { DesignDocumentStore } from "../../store/design-document";
import { checkDraft, getFieldProblems, type DesignRefs } from "./view-model";

export interface InspectorContextValue {
  doc: DesignDocumentStore;
  text: string;
  read: DesignFieldReader;
  diagnostics: readonly DesignDiagnostic[];
  refs: DesignRefs;
}

export const InspectorContext = createContext<InspectorContextValue | null>(null);

export function useInspector(): InspectorContextValue {
  const v = useContext(InspectorContext);
  if (!v) throw new Error("inspector parts are used inside <Inspector>");
  return v;
}

/** Applies one change; false (and the reason on the status line) when the model refuses it. */
export function useApply(): (change: DesignChange) => boolean {
  const { doc } = useInspector();
  return (change) => doc.getState().apply(change);
}

/** Ids of the shared lists of names that fields suggest from (`<datalist>`). */
export type SuggestionList =
  "targets" | "databases" | "caches" | "topics" | "components" | "clients" | "workloads" | "entries";

export interface Field {
  key: PathSegment;
  label: string;
  hint: string;
  /** A closed set of values: a select, with "(default)" to remove the field. */
  options?: readonly string[];
  /** Always a string (a label, a route): never read as a number or a collection. */
  text?: boolean;
  /** A box of several lines (a mapping, free text). */
  multiline?: boolean;
  /** Names to suggest while typing. */
  list?: SuggestionList;
}

/** The labels of a boolean field with its default. */
export const BOOLEAN = ["true", "false"] as const;

/** `{ what }` for an undo label: "Set timeout of order.create step 1". */
export function FieldInput({
  base,
  field,
  what,
}: {
  /** The path of the mapping the field is in. */
  base: readonly PathSegment[];
  field: Field;
  /** What the field belongs to, for the undo label ("order.create step 1"). */
  what: string;
}) {
  const { doc, text, read, diagnostics } = useInspector();
  const path = [...base, field.key];
  const inputId = useId();
  const written = read.text(path) ?? "";
  // What the user is typing; null while the field is not being edited, so it follows the text.
  const [typed, setTyped] = useState<string | null>(null);
  const draft = typed ?? written;
  const cancelled = useRef(false);
  const [draftProblems, setDraftProblems] = useState<{ input: string; problems: DesignDiagnostic[] } | null>(null);
  const type = field.text ? "string" : "any";
  const dotted = formatPath(path);

  // The model's verdict on the draft, a moment after the last key (a parse of the whole design).
  useEffect(() => {
    if (typed === null || typed === written) return;
    const t = setTimeout(() => setDraftProblems({ input: typed, problems: checkDraft(text, path, typed, type) }), 150);
    return () => clearTimeout(t);
    // path is rebuilt each render; its dotted form is the identity that matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, written, text, dotted, type]);

  const problems =
    typed !== null && typed !== written
      ? draftProblems?.input === typed
        ? draftProblems.problems
        : []
      : getFieldProblems(diagnostics, path);
  const errors = problems.filter((p) => p.severity === "error");
  const label = `${field.label.toLowerCase()} of ${what}`;

  const write = (input: string) => {
    const parsed = parseFieldInput(input, type);
    if ("remove" in parsed) {
      if (written !== "") doc.getState().apply({ type: "delete", path, label: `Removed ${label}` });
    } else doc.getState().apply({ type: "set", path, value: parsed.value, label: `Set ${label} to ${input.trim()}` });
  };
  const commit = () => {
    setTyped(null);
    setDraftProblems(null);
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (draft !== written) write(draft);
  };
  const describedBy = `${inputId}-note`;
  const common = {
    id: inputId,
    "aria-invalid": errors.length ? true : undefined,
    "aria-describedby": describedBy,
    "data-path": dotted,
  } as const;
  return (
    <div className="as-field">
      <label htmlFor={inputId}>{field.label}</label>
      {field.options ? (
        <select {...common} value={written} onChange={(e) => write(e.target.value)}>
          <option value="">(default)</option>
          {written !== "" && !field.options.includes(written) ? <option value={written}>{written}</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : field.multiline ? (
        <textarea
          {...common}
          value={draft}
          rows={Math.min(8, Math.max(2, Math.ceil(draft.length / 34)))}
          spellCheck={false}
          onFocus={() => setTyped(written)}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              cancelled.current = true;
              (e.target as HTMLTextAreaElement).blur();
            }
          }}
        />
      ) : (
        <input
          {...common}
          value={draft}
          spellCheck={false}
          autoComplete="off"
          list={field.list ? `as-list-${field.list}` : undefined}
          onFocus={() => setTyped(written)}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") (e.target as HTMLInputElement).blur();
            if (e.key === "Escape") {
              cancelled.current = true;
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
      )}
      <FieldNote id={describedBy} problems={problems} hint={field.hint} />
    </div>
  );
}

/** The line under a field: the model's errors and warnings for it, else the hint. */
export function FieldNote({
  id,
  problems,
  hint,
}: {
  id?: string;
  problems: readonly DesignDiagnostic[];
  hint?: string;
}) {
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  if (errors.length)
    return (
      <p id={id} className="as-field-error">
        {errors.map((p) => p.message).join("; ")}
      </p>
    );
  if (warnings.length)
    return (
      <p id={id} className="as-field-warning">
        {warnings.map((p) => p.message).join("; ")}
      </p>
    );
  return hint ? (
    <p id={id} className="as-hint">
      {hint}
    </p>
  ) : null;
}

/** The errors placed on a whole item (a step, a fault, an operation), not on one of its fields. */
export function ItemProblems({ path }: { path: readonly PathSegment[] }) {
  const { diagnostics } = useInspector();
  const problems = getFieldProblems(diagnostics, path, true);
  return problems.length ? <FieldNote problems={problems} /> : null;
}

/** How many errors are at or inside a path: shown on a collapsed item's header. */
export function useErrorCount(path: readonly PathSegment[]): number {
  const { diagnostics } = useInspector();
  return getFieldProblems(diagnostics, path).filter((d) => d.severity === "error").length;
}

/** The number of errors inside a collapsed item, on its header: a mark, and words for screen readers. */
export function ErrorBadge({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="as-step-errors">
      <span aria-hidden="true">!</span>
      <span className="as-visually-hidden">
        {" "}
        ({count} error{count === 1 ? "" : "s"})
      </span>
    </span>
  );
}

/** A small icon button with an accessible name (its label) and a tooltip. */
export function IconButton({
  label,
  onClick,
  disabled,
  children,
  id,
  danger,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  children: ReactNode;
  id?: string;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      id={id}
      className={`as-icon-button${danger ? " as-icon-button--danger" : ""}`}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

/**
 * A name and an Add button, for a new operation, workload or scenario; the name is checked
 * against the format's pattern before anything is written.
 */
export function AddByName({
  label,
  suggested,
  pattern,
  patternHint,
  taken,
  onAdd,
}: {
  label: string;
  suggested: string;
  pattern: RegExp;
  patternHint: string;
  taken: readonly string[];
  onAdd(name: string): void;
}) {
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  const value = name ?? suggested;
  const error = !pattern.test(value) ? patternHint : taken.includes(value) ? `"${value}" is already taken` : null;
  const add = () => {
    if (error) return;
    onAdd(value);
    setName(null);
  };
  return (
    <div className="as-add-by-name">
      <label htmlFor={id}>{label} name</label>
      <div className="as-add-row">
        <input
          id={id}
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note`}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="as-add-button" onClick={add} disabled={!!error}>
          Add {label.toLowerCase()}
        </button>
      </div>
      {error ? (
        <p id={`${id}-note`} className="as-field-error">
          {error}
        </p>
      ) : (
        <span id={`${id}-note`} hidden />
      )}
    </div>
  );
}

/** The lists of names fields suggest from; rendered once per inspector. */
export function SuggestionLists() {
  const { refs } = useInspector();
  const lists: Record<SuggestionList, readonly string[]> = {
    targets: refs.targets,
    databases: refs.databases,
    caches: refs.caches,
    topics: refs.topics,
    components: refs.components,
    clients: refs.clients,
    workloads: refs.workloads,
    entries: [...refs.gateways, ...refs.targets],
  };
  return (
    <>
      {Object.entries(lists).map(([name, values]) => (
        <datalist key={name} id={`as-list-${name}`}>
          {values.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ))}
    </>
  );
}
